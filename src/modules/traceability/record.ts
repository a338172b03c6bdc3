import type { LogRecord } from '../../verify';
import type { ProvenanceKind, TraceCodeKind } from './tables';

/**
 * The log record of a provenance event (docs/traceability.md): a flat object, appended to the
 * `provenance` transparency log as canonical JSON. Every field is rebuilt from the stored event
 * and its trace code when a trace is verified, so changing either afterwards shows.
 */
export function provenanceRecord(
  event: {
    id: string;
    serial: string;
    store_id: string;
    actor_name: string;
    product_name: string;
    kind: ProvenanceKind;
    place: string;
    occurred_at: Date;
    note: string;
  },
  code: { kind: TraceCodeKind; lot_code: string | null; origin: string },
): LogRecord {
  return {
    type: 'provenance',
    v: 1,
    event: event.id,
    code: event.serial,
    codeKind: code.kind,
    lot: code.lot_code,
    origin: code.origin,
    product: event.product_name,
    store: event.store_id,
    by: event.actor_name,
    kind: event.kind,
    place: event.place,
    occurredAt: new Date(event.occurred_at).toISOString(),
    note: event.note,
  };
}

/** The fields of two records that differ (both flat), sorted. */
export function differingFields(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((k) => a[k] !== b[k]).sort();
}
