import type { paths } from '../../../../client/index.js';
import { call, carnival, idempotent, type Schemas } from '../../api/typed';

/** The merchant's traceability calls (docs/traceability.md); creating calls take the dialog's key. */
export type TraceCodeItem = Schemas['TraceCodeList']['items'][number];
type Body<P extends keyof paths> = paths[P] extends {
  post: { requestBody?: { content: { 'application/json': infer B } } };
}
  ? B
  : never;
export type TraceCodeDraft = Body<'/api/stores/{id}/trace-codes'>;
export type ProvenanceDraft = Body<'/api/trace/{code}/events'>;
export type ProvenanceKind = ProvenanceDraft['kind'];
export const PROVENANCE_KINDS: readonly ProvenanceKind[] = [
  'origin',
  'inspection',
  'warehouse_in',
  'warehouse_out',
  'shipment',
  'delivery',
];

export const merchantTraceApi = {
  codes: async (storeId: string) =>
    (await call(carnival.GET('/api/stores/{id}/trace-codes', { params: { path: { id: storeId } } }))).items,
  register: async (key: string, storeId: string, body: TraceCodeDraft) =>
    (
      await call(
        carnival.POST('/api/stores/{id}/trace-codes', {
          params: { path: { id: storeId } },
          body,
          headers: idempotent(key),
        }),
      )
    ).traceCode,
  appendEvent: async (key: string, code: string, body: ProvenanceDraft) =>
    (
      await call(
        carnival.POST('/api/trace/{code}/events', {
          params: { path: { code } },
          body,
          headers: idempotent(key),
        }),
      )
    ).event,
};

/** The public trace page of a code, as an absolute address (what the QR code holds). */
export const publicTraceUrl = (code: string) => `${window.location.origin}/trace/${encodeURIComponent(code)}`;
