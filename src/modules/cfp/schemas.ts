import { z } from 'zod';

/** Request bodies of the call for proposals (docs/cfp.md). Instants ISO 8601. */
const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max);
const localized = z.object({ 'zh-CN': text(100), 'en-US': text(100) });
const instant = z.iso.datetime({ offset: true });
const id = z.string().min(1).max(100);

export const SUBMISSION_KINDS = ['talk', 'workshop', 'keynote', 'lightning'] as const;
export const LEVELS = ['beginner', 'intermediate', 'advanced'] as const;
export const LANGUAGES = ['zh-CN', 'en-US'] as const;

export const criterionSchema = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'lowercase letters, digits and _, starting with a letter'),
  name: localized,
});

export const cfpSettingsInputSchema = z
  .object({
    opensAt: instant,
    closesAt: instant,
    anonymisedReview: z.boolean(),
    criteria: z
      .array(criterionSchema)
      .min(1)
      .max(10)
      .superRefine((list, ctx) => {
        const seen = new Set<string>();
        list.forEach((c, i) => {
          if (seen.has(c.key)) ctx.addIssue({ code: 'custom', message: 'duplicate key', path: [i, 'key'] });
          seen.add(c.key);
        });
      })
      .optional(),
    submissionTypes: z
      .array(
        z.object({
          id: id.optional(),
          kind: z.enum(SUBMISSION_KINDS),
          name: localized,
          durationMinutes: z.number().int().min(5).max(480),
        }),
      )
      .min(1)
      .max(20)
      .optional(),
  })
  .refine((s) => new Date(s.opensAt) < new Date(s.closesAt), {
    message: 'closesAt must be after opensAt',
    path: ['closesAt'],
  });
export type CfpSettingsInput = z.infer<typeof cfpSettingsInputSchema>;

const httpsUrl = z
  .string()
  .trim()
  .max(500)
  .refine((u) => {
    try {
      return new URL(u).protocol === 'https:';
    } catch {
      return false;
    }
  }, 'an https:// URL');

export const profileInputSchema = z.object({
  name: text(100),
  bio: optionalText(2000).default(''),
  photoUrl: httpsUrl.nullable().optional(),
  company: optionalText(200).nullable().optional(),
});
export type ProfileInput = z.infer<typeof profileInputSchema>;

const proposalFields = {
  title: text(200),
  abstract: text(2000),
  description: optionalText(10_000),
  level: z.enum(LEVELS),
  language: z.enum(LANGUAGES),
  notesForReviewers: optionalText(2000),
  trackId: id.nullable(),
  submissionTypeId: id,
  expectedAudience: z.number().int().min(1).max(10_000).nullable(),
};

export const proposalInputSchema = z.object({
  ...proposalFields,
  description: proposalFields.description.default(''),
  notesForReviewers: proposalFields.notesForReviewers.default(''),
  trackId: proposalFields.trackId.optional(),
  expectedAudience: proposalFields.expectedAudience.optional(),
  profile: profileInputSchema.optional(),
});
export type ProposalInput = z.infer<typeof proposalInputSchema>;

export const proposalPatchSchema = z
  .object(proposalFields)
  .partial()
  .refine((p) => Object.keys(p).length > 0, { message: 'nothing to change' });
export type ProposalPatch = z.infer<typeof proposalPatchSchema>;

export const reasonSchema = z.object({ reason: optionalText(500).optional() });

export const inviteInputSchema = z.object({ email: z.email().max(200) });

export const acceptInviteSchema = z.object({ profile: profileInputSchema.optional() });

export const reviewInputSchema = z.object({
  scores: z.record(z.string().max(40), z.number().int().min(1).max(5)),
  comment: optionalText(4000).default(''),
});
export type ReviewInput = z.infer<typeof reviewInputSchema>;

export const appointInputSchema = z.object({
  email: z.email().max(200),
  trackIds: z.array(id).min(1).max(50),
});

export const decisionInputSchema = z.object({
  decision: z.enum(['accept', 'reject']),
  reason: optionalText(500).optional(),
});

export const bulkDecisionSchema = decisionInputSchema.extend({
  proposalIds: z.array(id).min(1).max(200),
});

export const proposalFilterSchema = z.object({
  state: z.enum(['submitted', 'accepted', 'rejected', 'confirmed', 'withdrawn']).optional(),
  trackId: id.optional(),
});
