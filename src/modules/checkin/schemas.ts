import { z } from 'zod';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');
const id = z.string().min(1).max(100);

export const listDraftSchema = z.object({
  name: z.string().trim().min(1).max(100),
  kind: z.enum(['event', 'day', 'workshop']),
  typeIds: z.array(id).max(100).default([]),
  validDays: z.array(day).max(60).default([]),
  allowReentry: z.boolean().default(false),
});
export const listPatchSchema = listDraftSchema.partial();
export type ListDraft = z.infer<typeof listDraftSchema>;
export type ListPatch = z.infer<typeof listPatchSchema>;

export const scanSchema = z
  .object({
    payload: z.string().min(1).max(1000).optional(),
    ticketId: id.optional(),
    deviceId: z.string().min(1).max(100),
    scannedAt: z.string().datetime({ offset: true }),
    clientScanId: z.string().min(1).max(100),
  })
  .refine((s) => (s.payload === undefined) !== (s.ticketId === undefined), {
    message: 'give payload or ticketId, one of them',
    path: ['payload'],
  });
export type ScanInput = z.infer<typeof scanSchema>;

export const syncSchema = z.object({
  deviceId: z.string().min(1).max(100),
  scans: z
    .array(
      z
        .object({
          payload: z.string().min(1).max(1000).optional(),
          ticketId: id.optional(),
          scannedAt: z.string().datetime({ offset: true }),
          clientScanId: z.string().min(1).max(100),
        })
        .refine((s) => (s.payload === undefined) !== (s.ticketId === undefined), {
          message: 'give payload or ticketId, one of them',
          path: ['payload'],
        }),
    )
    .max(2000),
});
export type SyncInput = z.infer<typeof syncSchema>;

export const staffSchema = z.object({ email: z.string().email().max(200) });
