/** The transparency module's public surface: append-only Merkle logs, signed checkpoints, receipts. */
import type { Kysely, Transaction } from 'kysely';
import type { Clock } from '../../platform/clock';
import type { Logger } from '../../platform/logger';
import type { DB } from '../../schema';
import { canonicalRecord as canonical, type LogRecord, type Receipt } from '../../verify';
import { createLog, type LogName } from './log';

export { type CheckpointRow, isLogName, KEY_NAME, LOG_NAMES, type LogName, PUBLISH_INTERVAL_MS } from './log';
export { transparencyRoutes } from './routes';
export type { TransparencyTables } from './tables';
export type { Receipt };

export interface TransparencyLog {
  /** Appends inside the caller's transaction: no gap, no duplicate index under any concurrency
   *  (a per-log head row moved by a conditional UPDATE ... RETURNING, which serialises appenders). */
  append(
    trx: Transaction<DB>,
    log: LogName,
    record: Record<string, string | number | boolean | null>,
  ): Promise<{ index: number; leafHash: string }>;
  /** Record, index, proof, checkpoint, public key: verifiable offline (`carnival verify`). */
  receipt(log: LogName, index: number): Promise<Receipt>;
}

/** Canonical JSON bytes of a record (docs/transparency.md): the leaf data of its entry. */
export function canonicalRecord(record: LogRecord): Uint8Array {
  return canonical(record);
}

export function createTransparencyLog(deps: {
  db: Kysely<DB>;
  clock: Clock;
  logger: Logger;
  /** 32-byte Ed25519 seed; default: generated once per deployment, kept in server_secrets. */
  signingKey?: Uint8Array;
  origin?: string;
}) {
  const log = createLog(deps);
  const api: TransparencyLog & typeof log = log;
  return api;
}

export type TransparencyModule = ReturnType<typeof createTransparencyLog>;
