import { z } from 'zod';

/** Request bodies of the programme's routes (docs/programme.md). */
const text = (max: number) => z.string().trim().min(1).max(max);
const localized = z.object({ 'zh-CN': text(100), 'en-US': text(100) });
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'HH:MM between 00:00 and 24:00');
const url = z
  .string()
  .trim()
  .max(500)
  .regex(/^https?:\/\//, 'An http(s) URL');

export const trackBodySchema = z.object({
  name: localized,
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/)
    .optional(),
  position: z.number().int().min(0).max(1000).optional(),
});
export const trackPatchSchema = trackBodySchema.partial();

export const roomBodySchema = z.object({
  name: localized,
  capacity: z.number().int().min(1).max(100_000),
  opensAt: hhmm.optional(),
  closesAt: hhmm.optional(),
  position: z.number().int().min(0).max(1000).optional(),
});
export const roomPatchSchema = roomBodySchema.partial();

export const speakerBodySchema = z.object({
  name: text(100),
  email: z.string().trim().email().max(200).nullable().optional(),
  company: z.string().trim().max(200).nullable().optional(),
  bio: z.string().trim().max(4000).nullable().optional(),
  photoUrl: url.nullable().optional(),
  userId: z.string().max(100).nullable().optional(),
});
export const speakerPatchSchema = speakerBodySchema.partial();

const sessionFields = {
  kind: z.enum(['talk', 'workshop', 'keynote', 'lightning', 'break']),
  title: text(200),
  abstract: z.string().trim().max(8000).optional(),
  language: z.enum(['zh-CN', 'en-US']),
  level: z.enum(['beginner', 'intermediate', 'advanced']).nullable().optional(),
  durationMinutes: z.number().int().min(5).max(600),
  trackId: z.string().max(100).nullable().optional(),
  speakerIds: z.array(z.string().max(100)).max(20).optional(),
  seats: z.number().int().min(1).max(100_000).nullable().optional(),
  expectedAudience: z.number().int().min(1).max(100_000).nullable().optional(),
  documents: z
    .array(z.object({ title: text(200), url }))
    .max(20)
    .optional(),
};
export const sessionBodySchema = z.object(sessionFields);
export const sessionPatchSchema = z
  .object(sessionFields)
  .partial()
  .extend({ status: z.enum(['confirmed', 'cancelled']).optional() });

export const placementBodySchema = z
  .object({ roomId: z.string().min(1).max(100), startsAt: z.iso.datetime({ offset: true }) })
  .nullable();

export const publishBodySchema = z
  .object({ note: z.string().trim().max(500).nullable().optional() })
  .default({});
export const seatBodySchema = z.object({ waitlist: z.boolean().optional() }).default({});
export const noticesReadBodySchema = z
  .object({
    eventId: z.string().min(1).max(100).optional(),
    version: z.number().int().min(1).max(100_000).optional(),
  })
  .default({});
export const feedbackBodySchema = z.object({
  rating: z.number().int().min(1).max(5),
  comment: z.string().trim().max(2000).optional(),
});
