import { z } from 'zod';

const text = (max: number) => z.string().trim().min(1).max(max);
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

export const charityDraftSchema = z.object({
  nameZh: text(100),
  nameEn: text(200),
  creditCode: z
    .string()
    .trim()
    .transform((s) => s.toUpperCase())
    .pipe(z.string().regex(/^[0-9A-Z]{18}$/, '18 characters')),
  publicFundraising: z.boolean(),
  contact: z.object({ name: text(50), phone: text(30), email: z.string().email().max(200) }),
  bankAccount: text(200),
});
export type CharityDraft = z.infer<typeof charityDraftSchema>;

export const verifySchema = z.object({ decision: z.enum(['verify', 'reject']), reason: text(500) });

export const projectDraftSchema = z
  .object({
    charityId: text(100),
    titleZh: text(100),
    titleEn: text(200),
    description: z.string().max(4000).default(''),
    /** English twins of the texts the public pages show; '' = shown in Chinese in en-US too. */
    descriptionEn: z.string().trim().max(4000).default(''),
    targetAmount: z.number().int().positive().max(100_000_000_000),
    beneficiaries: text(500),
    beneficiariesEn: z.string().trim().max(500).default(''),
    region: text(100),
    regionEn: z.string().trim().max(100).default(''),
    startsOn: date,
    endsOn: date,
  })
  .refine((p) => p.startsOn <= p.endsOn, { message: 'endsOn is before startsOn', path: ['endsOn'] });
export type ProjectDraft = z.infer<typeof projectDraftSchema>;

export const projectStatusSchema = z.object({
  status: z.enum(['draft', 'fundraising', 'closed']),
  reason: text(500),
});

export const projectUpdateSchema = z.object({
  body: text(4000),
  bodyEn: z.string().trim().max(4000).default(''),
  photoUrls: z.array(z.string().url().max(1000)).max(12).default([]),
});

export const ruleSchema = z.object({
  projectId: text(100),
  kind: z.enum(['fixed', 'percent']),
  /** fixed: fen per unit (1..100000); percent: basis points (1..10000 = 0.01%..100%). */
  amount: z.number().int().positive().max(100_000),
});
export type RuleDraft = z.infer<typeof ruleSchema>;

export const disbursementBodySchema = z.object({
  amount: z.number().int().positive().max(100_000_000_000),
  /** Shown on the public project page: what the money is for. */
  purpose: text(500),
  purposeEn: z.string().trim().max(500).default(''),
  /** The operator's reason, kept in the audit trail. */
  reason: text(500),
});
export type DisbursementDraft = z.infer<typeof disbursementBodySchema> & { projectId: string };
