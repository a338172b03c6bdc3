import type { Selectable } from 'kysely';
import { invalidAnswer, missingAnswer } from './errors';
import type { AttendeeInput } from './schemas';
import type { TicketQuestionsTable } from './tables';

const jsonOf = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

/**
 * The organizer's questions, checked server-side per attendee: a question applies to the types
 * it names (all when none); a required one must be answered, a choice must be one of its
 * options, 发票抬头 (invoice title) is 2..100 characters. Answers to questions that do not apply
 * are refused rather than kept silently.
 */
export function validateAttendees(
  questions: Selectable<TicketQuestionsTable>[],
  typeIds: string[],
  attendees: AttendeeInput[],
): Record<string, string>[] {
  const byId = new Map(questions.map((q) => [q.id, q]));
  return attendees.map((a, k) => {
    const applies = questions.filter((q) => {
      const ids = jsonOf<string[]>(q.type_ids);
      return ids.length === 0 || ids.includes(typeIds[k]!);
    });
    const out: Record<string, string> = {};
    for (const [qid, raw] of Object.entries(a.answers)) {
      const field = `attendees.${k}.answers.${qid}`;
      const q = byId.get(qid);
      if (!q || !applies.includes(q)) throw invalidAnswer(field, 'not a question for this ticket');
      const v = raw.trim();
      if (v === '') continue;
      if (q.kind === 'choice' && !jsonOf<string[]>(q.options).includes(v))
        throw invalidAnswer(field, 'not one of the options');
      if (q.kind === 'invoice_title' && (v.length < 2 || v.length > 100))
        throw invalidAnswer(field, 'an invoice title is 2 to 100 characters');
      out[qid] = v;
    }
    for (const q of applies)
      if (q.required && !out[q.id]) throw missingAnswer(`attendees.${k}.answers.${q.id}`);
    return out;
  });
}
