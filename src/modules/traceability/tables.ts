import type { Timestamp } from '../../platform/db/tables';

export type TraceCodeKind = 'serial' | 'lot';
export const PROVENANCE_KINDS = [
  'origin',
  'inspection',
  'warehouse_in',
  'warehouse_out',
  'shipment',
  'delivery',
] as const;
export type ProvenanceKind = (typeof PROVENANCE_KINDS)[number];

export interface TraceCodesTable {
  code: string;
  kind: TraceCodeKind;
  store_id: string;
  sku_id: string | null;
  /** A serial's lot: the lot's events are part of the serial's trace. */
  lot_code: string | null;
  product_name: string;
  /** 产地, e.g. 云南·普洱. */
  origin: string;
  created_by: string;
  created_at: Timestamp;
}

/** Created by migration 0020, completed by 0026 (leaf_hash, the trace_codes reference). */
export interface ProvenanceEventsTable {
  id: string;
  store_id: string;
  /** The trace code (a serial or a lot) the event is about. */
  serial: string;
  product_name: string;
  kind: ProvenanceKind;
  place: string;
  occurred_at: Timestamp;
  actor_id: string;
  /** Who appended it as the public sees it: the store's name (never a person's). */
  actor_name: string;
  note: string;
  log_index: number;
  leaf_hash: string;
  created_at: Timestamp;
}

export interface TraceabilityTables {
  trace_codes: TraceCodesTable;
  provenance_events: ProvenanceEventsTable;
}
