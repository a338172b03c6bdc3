/** The traceability module's public surface (docs/traceability.md): serials, lots, provenance events. */
export { provenanceRecord } from './record';
export { traceabilityRoutes } from './routes';
export {
  createTraceabilityService,
  type ProvenanceEvent,
  type TraceabilityService,
  type TraceCode,
} from './service';
export { PROVENANCE_KINDS, type ProvenanceKind, type TraceabilityTables } from './tables';
export type { TraceProblem, TraceVerification } from './verify';
