import type { Kysely, Selectable } from 'kysely';
import type { Clock } from '../../platform/clock';
import { isAppError } from '../../platform/errors';
import type { DB } from '../../schema';
import { canonicalJson, leafHash, verifyCheckpoint, verifyInclusion } from '../../verify';
import { differingFields, provenanceRecord } from './record';
import type { ProvenanceLog } from './service';
import type { ProvenanceEventsTable, TraceCodesTable } from './tables';

/**
 * Why an event fails verification, first failing check first:
 * - entry_missing: its log entry is not in the log;
 * - event_changed: the stored event (or its trace code) no longer gives its entry's record;
 * - record_changed: the entry's record does not hash to the entry's leaf hash;
 * - leaf_changed: the event's leaf hash is not its entry's;
 * - not_signed: the entry is not the one the signed checkpoint covers (inclusion proof fails),
 *   or the checkpoint's signature does not verify.
 */
export type TraceProblem =
  | 'entry_missing'
  | 'event_changed'
  | 'record_changed'
  | 'leaf_changed'
  | 'not_signed';

export interface EventCheck {
  eventId: string;
  logIndex: number;
  ok: boolean;
  problem: TraceProblem | null;
  /** The record fields that differ (event_changed), empty otherwise. */
  fields: string[];
  detail: string;
}

export interface TraceVerification {
  code: string;
  ok: boolean;
  checkedAt: string;
  /** The signed checkpoint the events were proved against (null: the log is empty). */
  checkpoint: { size: number; rootHash: string } | null;
  events: EventCheck[];
  /** The first event (in log order) that no longer matches, or null. */
  mismatch: EventCheck | null;
}

export function createTraceVerifier(deps: {
  db: Kysely<DB>;
  clock: Clock;
  log: ProvenanceLog;
  codeRow: (code: string) => Promise<Selectable<TraceCodesTable>>;
}) {
  const { db, log } = deps;

  async function checkEvent(
    event: Selectable<ProvenanceEventsTable>,
    key: string,
  ): Promise<EventCheck & { checkpoint?: { size: number; rootHash: string } }> {
    const base = { eventId: event.id, logIndex: event.log_index, fields: [] as string[] };
    const fail = (problem: TraceProblem, detail: string, fields: string[] = []) => ({
      ...base,
      ok: false,
      problem,
      fields,
      detail,
    });
    const entry = await db
      .selectFrom('transparency_entries')
      .select(['record', 'leaf_hash'])
      .where('log', '=', 'provenance')
      .where('idx', '=', event.log_index)
      .executeTakeFirst();
    if (!entry) return fail('entry_missing', `log entry ${event.log_index} is missing`);
    const code = await deps.codeRow(event.serial);
    const expected = provenanceRecord(event, code);
    if (canonicalJson(expected) !== entry.record) {
      let stored: Record<string, unknown> = {};
      try {
        stored = JSON.parse(entry.record);
      } catch {
        // An unparsable record differs in every field.
      }
      const fields = differingFields(expected, stored);
      return fail(
        'event_changed',
        `the stored event no longer matches log entry ${event.log_index} (${fields.join(', ') || 'form'})`,
        fields,
      );
    }
    const computed = leafHash(new TextEncoder().encode(entry.record));
    if (computed !== entry.leaf_hash)
      return fail(
        'record_changed',
        `log entry ${event.log_index}'s record hashes to ${computed}, its leaf hash is ${entry.leaf_hash}`,
      );
    if (event.leaf_hash !== entry.leaf_hash)
      return fail('leaf_changed', `the event's leaf hash is not log entry ${event.log_index}'s`);
    let proved: Awaited<ReturnType<ProvenanceLog['proveEntry']>>;
    try {
      proved = await log.proveEntry('provenance', event.log_index);
    } catch (e) {
      if (isAppError(e)) return fail('entry_missing', e.message);
      throw e;
    }
    const { checkpoint, proof } = proved;
    const opened = verifyCheckpoint(checkpoint.note, key);
    if (!opened.ok) return fail('not_signed', `the checkpoint does not verify: ${opened.reason}`);
    const included = verifyInclusion({
      leafHash: computed,
      index: event.log_index,
      treeSize: opened.checkpoint.size,
      proof,
      root: opened.checkpoint.rootHash,
    });
    if (!included)
      return fail(
        'not_signed',
        `log entry ${event.log_index} is not the entry signed in the checkpoint of size ${opened.checkpoint.size}`,
      );
    return {
      ...base,
      ok: true,
      problem: null,
      detail: `log entry ${event.log_index} is in the signed checkpoint of size ${opened.checkpoint.size}`,
      checkpoint: { size: opened.checkpoint.size, rootHash: opened.checkpoint.rootHash },
    };
  }

  async function verify(
    code: Selectable<TraceCodesTable>,
    events: Selectable<ProvenanceEventsTable>[],
  ): Promise<TraceVerification> {
    const key = await log.publicKey();
    const checks: EventCheck[] = [];
    let checkpoint: TraceVerification['checkpoint'] = null;
    for (const e of events) {
      const { checkpoint: cp, ...check } = await checkEvent(e, key);
      if (cp && (!checkpoint || cp.size > checkpoint.size)) checkpoint = cp;
      checks.push(check);
    }
    const mismatch = [...checks].sort((a, b) => a.logIndex - b.logIndex).find((c) => !c.ok) ?? null;
    return {
      code: code.code,
      ok: mismatch === null,
      checkedAt: deps.clock.now().toISOString(),
      checkpoint,
      events: checks,
      mismatch,
    };
  }

  return { verify };
}
