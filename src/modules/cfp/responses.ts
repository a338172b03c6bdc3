import { z } from 'zod';
import { isoInstant, localizedSchema, type SameType } from '../../platform/http/api-schemas';
import { LANGUAGES, LEVELS, SUBMISSION_KINDS } from './schemas';
import type { CfpModule } from './service';

/** The call for proposals' answers (docs/cfp.md), registered by id for the document and client. */
const STATES = ['submitted', 'accepted', 'rejected', 'confirmed', 'withdrawn'] as const;

export const criterionSchema = z
  .object({ key: z.string(), name: localizedSchema })
  .meta({ id: 'CfpCriterion' });
export const submissionTypeSchema = z
  .object({
    id: z.string(),
    kind: z.enum(SUBMISSION_KINDS),
    name: localizedSchema,
    durationMinutes: z.number().int(),
    position: z.number().int(),
  })
  .meta({ id: 'CfpSubmissionType' });
export const trackRefSchema = z
  .object({ id: z.string(), name: localizedSchema, color: z.string() })
  .meta({ id: 'CfpTrackRef' });

export const cfpPublicSchema = z
  .object({
    eventId: z.string(),
    eventTitle: localizedSchema,
    opensAt: isoInstant(),
    closesAt: isoInstant(),
    status: z.enum(['not_open', 'open', 'closed']),
    anonymisedReview: z.boolean(),
    submissionTypes: z.array(submissionTypeSchema),
    tracks: z.array(trackRefSchema),
    criteria: z.array(criterionSchema),
  })
  .meta({ id: 'CfpPublic' });

export const cfpSettingsSchema = cfpPublicSchema
  .extend({
    counts: z.object({
      submitted: z.number().int(),
      accepted: z.number().int(),
      rejected: z.number().int(),
      confirmed: z.number().int(),
      withdrawn: z.number().int(),
    }),
  })
  .meta({ id: 'CfpSettings' });

export const profileSchema = z
  .object({
    id: z.string(),
    eventId: z.string(),
    userId: z.string(),
    email: z.string(),
    name: z.string(),
    bio: z.string(),
    photoUrl: z.string().nullable(),
    company: z.string().nullable(),
  })
  .meta({ id: 'CfpSpeakerProfile' });

export const inviteSchema = z
  .object({
    id: z.string(),
    proposalId: z.string(),
    email: z.string(),
    status: z.enum(['pending', 'accepted', 'revoked', 'expired']),
    createdAt: isoInstant(),
    expiresAt: isoInstant(),
  })
  .meta({ id: 'CfpInvite' });

const myProposalShape = {
  id: z.string(),
  eventId: z.string(),
  eventTitle: localizedSchema,
  title: z.string(),
  abstract: z.string(),
  description: z.string(),
  level: z.enum(LEVELS),
  language: z.enum(LANGUAGES),
  notesForReviewers: z.string(),
  track: trackRefSchema.nullable(),
  submissionType: submissionTypeSchema,
  expectedAudience: z.number().int().nullable(),
  state: z.enum(STATES),
  decisionReason: z.string().nullable(),
  submittedAt: isoInstant(),
  updatedAt: isoInstant(),
  decidedAt: isoInstant().nullable(),
  confirmedAt: isoInstant().nullable(),
  withdrawnAt: isoInstant().nullable(),
  editable: z.boolean().describe('submitted and the CfP not closed'),
  canConfirm: z.boolean(),
  isSubmitter: z.boolean(),
  speakers: z.array(profileSchema),
  invites: z.array(inviteSchema),
};
export const myProposalSchema = z.object(myProposalShape).meta({ id: 'CfpProposal' });

export const statSchema = z
  .object({ average: z.number().nullable(), stdDev: z.number().nullable() })
  .meta({ id: 'CfpStat' });
export const organizerProposalSchema = z
  .object({
    ...myProposalShape,
    reviews: z.number().int(),
    overall: statSchema,
    criteria: z.record(z.string(), statSchema),
  })
  .meta({ id: 'CfpOrganizerProposal' });

export const inviteViewSchema = z
  .object({
    id: z.string(),
    status: z.enum(['pending', 'accepted', 'revoked', 'expired']),
    email: z.string(),
    proposalId: z.string(),
    proposalTitle: z.string(),
    eventId: z.string(),
    eventTitle: localizedSchema,
    invitedBy: z.string(),
    profile: profileSchema.nullable(),
  })
  .meta({ id: 'CfpInviteView' });

export const noticeSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['proposal.accepted', 'proposal.rejected', 'invite.accepted']),
    proposalId: z.string(),
    eventId: z.string(),
    title: z.string(),
    reason: z.string().nullable(),
    createdAt: isoInstant(),
  })
  .meta({ id: 'CfpNotice' });

export const reviewEventSchema = z
  .object({
    id: z.string(),
    title: localizedSchema,
    anonymisedReview: z.boolean(),
    criteria: z.array(criterionSchema),
    closesAt: isoInstant(),
  })
  .meta({ id: 'CfpReviewEvent' });

export const reviewProposalSchema = z
  .object({
    id: z.string(),
    eventId: z.string(),
    title: z.string(),
    abstract: z.string(),
    description: z.string(),
    level: z.enum(LEVELS),
    language: z.enum(LANGUAGES),
    notesForReviewers: z.string(),
    track: trackRefSchema.nullable(),
    submissionType: submissionTypeSchema,
    expectedAudience: z.number().int().nullable(),
    state: z.enum(STATES),
    submittedAt: isoInstant(),
    speakers: z
      .array(
        z.object({
          name: z.string(),
          company: z.string().nullable(),
          bio: z.string(),
          photoUrl: z.string().nullable(),
        }),
      )
      .nullable()
      .describe('null in anonymised review'),
  })
  .meta({ id: 'CfpReviewProposal' });

export const reviewSchema = z
  .object({
    id: z.string(),
    proposalId: z.string(),
    scores: z.record(z.string(), z.number().int()),
    comment: z.string(),
    average: z.number(),
    createdAt: isoInstant(),
    updatedAt: isoInstant(),
  })
  .meta({ id: 'CfpReview' });

export const reviewQueueSchema = z
  .object({
    events: z.array(reviewEventSchema),
    items: z.array(
      z.object({ proposal: reviewProposalSchema, review: reviewSchema.nullable(), reviewable: z.boolean() }),
    ),
  })
  .meta({ id: 'CfpReviewQueue' });

export const reviewPageSchema = z
  .object({ event: reviewEventSchema, proposal: reviewProposalSchema, review: reviewSchema.nullable() })
  .meta({ id: 'CfpReviewPage' });

export const reviewerSchema = z
  .object({
    id: z.string(),
    eventId: z.string(),
    trackId: z.string(),
    track: trackRefSchema,
    userId: z.string(),
    email: z.string(),
    name: z.string(),
    reviews: z.number().int(),
    createdAt: isoInstant(),
  })
  .meta({ id: 'CfpReviewer' });

export const dashboardSchema = z
  .object({
    eventId: z.string(),
    criteria: z.array(criterionSchema),
    anonymisedReview: z.boolean(),
    totals: z.object({
      proposals: z.number().int(),
      reviewsDone: z.number().int(),
      reviewsNeeded: z.number().int(),
    }),
    tracks: z.array(
      z.object({
        track: trackRefSchema.nullable(),
        proposals: z.number().int(),
        reviewers: z.number().int(),
        reviewsDone: z.number().int(),
        reviewsNeeded: z.number().int(),
        ranked: z.array(
          z.object({
            proposalId: z.string(),
            title: z.string(),
            state: z.enum(STATES),
            speakerNames: z.array(z.string()),
            reviews: z.number().int(),
            overall: statSchema,
            criteria: z.record(z.string(), statSchema),
            rank: z.number().int(),
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'CfpDashboard' });

export const bulkDecisionResultSchema = z
  .object({
    decided: z.array(z.string()),
    skipped: z.array(
      z.object({ proposalId: z.string(), code: z.string(), state: z.enum(STATES).optional() }),
    ),
  })
  .meta({ id: 'CfpBulkDecision' });

type Of<K extends keyof CfpModule> = CfpModule[K] extends (...args: never[]) => infer R ? Awaited<R> : never;
type _Public = SameType<z.infer<typeof cfpPublicSchema>, Of<'publicCfp'>>;
type _Settings = SameType<z.infer<typeof cfpSettingsSchema>, Of<'saveCfp'>>;
type _SettingsOrNull = SameType<z.infer<typeof cfpSettingsSchema> | null, Of<'organizerCfp'>>;
type _Profile = SameType<z.infer<typeof profileSchema>, Of<'saveProfile'>>;
type _MaybeProfile = SameType<z.infer<typeof profileSchema> | null, Of<'profile'>>;
type _Proposal = SameType<z.infer<typeof myProposalSchema>, Of<'submit'>>;
type _Proposals = SameType<z.infer<typeof myProposalSchema>[], Of<'myProposals'>>;
type _Invite = SameType<z.infer<typeof inviteSchema>, Of<'invite'>>;
type _InviteView = SameType<z.infer<typeof inviteViewSchema>, Of<'inviteByToken'>>;
type _Notices = SameType<z.infer<typeof noticeSchema>[], Of<'notices'>>;
type _Queue = SameType<z.infer<typeof reviewQueueSchema>, Of<'reviewQueue'>>;
type _ReviewPage = SameType<z.infer<typeof reviewPageSchema>, Of<'reviewProposal'>>;
type _Review = SameType<z.infer<typeof reviewSchema>, Of<'score'>>;
type _Reviewers = SameType<z.infer<typeof reviewerSchema>[], Of<'reviewers'>>;
type _OrgProposals = SameType<z.infer<typeof organizerProposalSchema>[], Of<'organizerProposals'>>;
type _Dashboard = SameType<z.infer<typeof dashboardSchema>, Of<'dashboard'>>;
type _Bulk = SameType<z.infer<typeof bulkDecisionResultSchema>, Of<'decideMany'>>;
