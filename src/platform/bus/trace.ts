/**
 * Where an event's time goes on its way to a consumer's effect, stage by stage: for the live
 * screen's freshness bench (CARNIVAL_SCREEN_TRACE=1, bench/screen.ts). Off by default, and
 * then every mark is one boolean test. Marks are per process, kept for the most recent events
 * only (a bounded map), and each stage keeps its first mark (a redelivery does not move it).
 *
 *   recorded   the event was written to the outbox, inside the change's transaction
 *   notified   the newest relay.notify() before the relay claimed it (the commit's wake-up;
 *              absent when a poll found the row)
 *   claimed    the relay's round claimed the row
 *   published  bus.publish() returned for it
 *   delivered  a consumer's handler started on it
 *   applied    the consumer's transaction committed
 */
export type TraceStage = 'recorded' | 'notified' | 'claimed' | 'published' | 'delivered' | 'applied';
export type StageMarks = Partial<Record<TraceStage, number>>;

const KEEP = 5_000;
const marks = new Map<string, StageMarks>();
let enabled = false;

export const eventTrace = {
  enable(on = true) {
    enabled = on;
    if (!on) marks.clear();
  },
  enabled: () => enabled,
  mark(eventId: string, stage: TraceStage, at = Date.now()) {
    if (!enabled) return;
    let m = marks.get(eventId);
    if (!m) {
      m = {};
      marks.set(eventId, m);
      if (marks.size > KEEP) marks.delete(marks.keys().next().value!);
    }
    m[stage] ??= at;
  },
  get: (eventId: string): StageMarks | undefined => marks.get(eventId),
};
