import { z } from 'zod';

const code = (len: number) => z.string().regex(new RegExp(`^\\d{${len}}$`), `${len} digits`);

/** A mainland mobile number (11 digits from 1[3-9]) or a landline with its area code. */
export const PHONE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;

export const addressDraftSchema = z.object({
  name: z.string().trim().min(1).max(25),
  phone: z.string().trim().regex(PHONE, 'a mobile number or a landline with area code'),
  provinceCode: code(2),
  cityCode: code(4),
  districtCode: code(6),
  detail: z.string().trim().min(2).max(120),
  isDefault: z.boolean().optional(),
});
export type AddressDraft = z.infer<typeof addressDraftSchema>;

export const addressIdParams = z.object({ id: z.string().min(1).max(100) });
