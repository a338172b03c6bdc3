import type { Kysely, Transaction } from 'kysely';
import type { Clock } from '../../platform/clock';
import { badRequest } from '../../platform/errors';
import type { Logger } from '../../platform/logger';
import { serverSecret } from '../../platform/server-secrets';
import type { DB } from '../../schema';
import {
  canonicalJson,
  consistencyProof,
  formatCheckpoint,
  inclusionProof,
  type LogRecord,
  leafHash,
  type Receipt,
  rootHash,
  signingKeyFromSeed,
  signNote,
  verifierKey,
} from '../../verify';
import {
  checkpointNotFound,
  entryNotFound,
  entryNotInCheckpoint,
  sizeBeyondLog,
  sizesReversed,
} from './errors';

export const LOG_NAMES = ['donations', 'provenance'] as const;
export type LogName = (typeof LOG_NAMES)[number];

/** How often the publisher looks for new entries; well inside the one-minute promise. */
export const PUBLISH_INTERVAL_MS = 10_000;
export const KEY_NAME = 'carnival-transparency';
const SECRET_NAME = 'transparency-signing-key';

export interface TransparencyDeps {
  db: Kysely<DB>;
  clock: Clock;
  logger: Logger;
  /** 32-byte Ed25519 seed; by default one generated per deployment and kept in server_secrets. */
  signingKey?: Uint8Array;
  /** The checkpoints' origin prefix (`<prefix>/<log>`). */
  origin?: string;
}

export interface CheckpointRow {
  log: LogName;
  size: number;
  rootHash: string;
  note: string;
  createdAt: Date;
}

export function isLogName(value: string): value is LogName {
  return (LOG_NAMES as readonly string[]).includes(value);
}

export function createLog(deps: TransparencyDeps) {
  const { db, clock, logger } = deps;
  const originPrefix = deps.origin ?? 'carnival.local/transparency';
  let key: Promise<{ privateKey: import('node:crypto').KeyObject; publicKey: Uint8Array }> | null = null;
  /** Leaf hashes are immutable once committed: a per-log prefix cache saves re-reading them. */
  const leaves = new Map<LogName, string[]>();

  function signer() {
    key ??= (async () => {
      const seed = deps.signingKey ?? Buffer.from(await serverSecret(db, SECRET_NAME), 'base64url');
      return signingKeyFromSeed(Uint8Array.from(seed));
    })();
    return key;
  }

  function originOf(log: LogName): string {
    return `${originPrefix}/${log}`;
  }

  async function publicKey(): Promise<string> {
    return verifierKey(KEY_NAME, (await signer()).publicKey);
  }

  async function append(
    trx: Transaction<DB>,
    log: LogName,
    record: LogRecord,
  ): Promise<{ index: number; leafHash: string }> {
    if (!isLogName(log)) throw badRequest('unknown transparency log', 'log');
    const text = canonicalJson(record);
    const hash = leafHash(new TextEncoder().encode(text));
    // The row lock taken here is held to the caller's commit: appenders queue, indices are dense.
    const head = await trx
      .updateTable('transparency_heads')
      .set((eb) => ({ size: eb('size', '+', 1) }))
      .where('log', '=', log)
      .returning('size')
      .executeTakeFirstOrThrow();
    const index = head.size - 1;
    await trx
      .insertInto('transparency_entries')
      .values({ log, idx: index, record: text, leaf_hash: hash, created_at: clock.now() })
      .execute();
    return { index, leafHash: hash };
  }

  /** The committed size: a committed head implies its entries are committed (same transaction). */
  async function committedSize(log: LogName): Promise<number> {
    const row = await db
      .selectFrom('transparency_heads')
      .select('size')
      .where('log', '=', log)
      .executeTakeFirst();
    return row?.size ?? 0;
  }

  async function leafHashes(log: LogName, size: number): Promise<string[]> {
    const cached = leaves.get(log) ?? [];
    if (cached.length < size) {
      const rows = await db
        .selectFrom('transparency_entries')
        .select(['idx', 'leaf_hash'])
        .where('log', '=', log)
        .where('idx', '>=', cached.length)
        .where('idx', '<', size)
        .orderBy('idx')
        .execute();
      for (const r of rows) {
        if (r.idx !== cached.length) throw new Error(`transparency log ${log} has a gap at ${cached.length}`);
        cached.push(r.leaf_hash);
      }
      leaves.set(log, cached);
    }
    return cached.slice(0, size);
  }

  function toCheckpoint(r: {
    log: string;
    size: number;
    root_hash: string;
    note: string;
    created_at: Date;
  }): CheckpointRow {
    return {
      log: r.log as LogName,
      size: r.size,
      rootHash: r.root_hash,
      note: r.note,
      createdAt: r.created_at,
    };
  }

  async function latestCheckpoint(log: LogName): Promise<CheckpointRow | null> {
    const row = await db
      .selectFrom('transparency_checkpoints')
      .selectAll()
      .where('log', '=', log)
      .orderBy('size', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? toCheckpoint(row) : null;
  }

  async function checkpointAt(log: LogName, size: number): Promise<CheckpointRow | null> {
    const row = await db
      .selectFrom('transparency_checkpoints')
      .selectAll()
      .where('log', '=', log)
      .where('size', '=', size)
      .executeTakeFirst();
    return row ? toCheckpoint(row) : null;
  }

  /** Published checkpoints of size >= `fromSize`, smallest first (an auditor's history). */
  async function checkpoints(log: LogName, fromSize: number, limit: number): Promise<CheckpointRow[]> {
    const rows = await db
      .selectFrom('transparency_checkpoints')
      .selectAll()
      .where('log', '=', log)
      .where('size', '>=', fromSize)
      .orderBy('size')
      .limit(limit)
      .execute();
    return rows.map(toCheckpoint);
  }

  /** Signs and stores a checkpoint of the committed tree unless the latest already covers it. */
  async function publish(log: LogName): Promise<CheckpointRow> {
    const size = await committedSize(log);
    const latest = await latestCheckpoint(log);
    if (latest && latest.size >= size) return latest;
    const hashes = await leafHashes(log, size);
    const root = rootHash(hashes);
    const { privateKey, publicKey: pub } = await signer();
    const body = formatCheckpoint({ origin: originOf(log), size, rootHash: root, extensions: [] });
    const note = signNote(body, KEY_NAME, privateKey, pub);
    // Two processes publishing the same size agree on the root; the first row stands.
    await db
      .insertInto('transparency_checkpoints')
      .values({ log, size, root_hash: root, note, created_at: clock.now() })
      .onConflict((oc) => oc.columns(['log', 'size']).doNothing())
      .execute();
    return (await checkpointAt(log, size)) as CheckpointRow;
  }

  async function publishAll(): Promise<void> {
    for (const log of LOG_NAMES) await publish(log);
  }

  async function entry(log: LogName, index: number) {
    const row = await db
      .selectFrom('transparency_entries')
      .selectAll()
      .where('log', '=', log)
      .where('idx', '=', index)
      .executeTakeFirst();
    if (!row) throw entryNotFound(index, await committedSize(log));
    return row;
  }

  /** Up to `limit` committed entries from index `from`, in order. */
  async function entries(log: LogName, from: number, limit: number) {
    return db
      .selectFrom('transparency_entries')
      .selectAll()
      .where('log', '=', log)
      .where('idx', '>=', from)
      .orderBy('idx')
      .limit(limit)
      .execute();
  }

  /** The checkpoint to prove against: the one of `size`, or the latest (published now if it lags). */
  async function checkpointFor(log: LogName, index: number, size?: number): Promise<CheckpointRow> {
    if (size !== undefined) {
      const cp = await checkpointAt(log, size);
      if (!cp) throw checkpointNotFound(size);
      if (index >= cp.size) throw entryNotInCheckpoint(index, cp.size);
      return cp;
    }
    const latest = await latestCheckpoint(log);
    if (latest && latest.size > index) return latest;
    return publish(log);
  }

  async function proveEntry(log: LogName, index: number, size?: number) {
    const row = await entry(log, index);
    const cp = await checkpointFor(log, index, size);
    const proof = inclusionProof(await leafHashes(log, cp.size), index);
    return { row, checkpoint: cp, proof };
  }

  async function receipt(log: LogName, index: number, size?: number): Promise<Receipt> {
    const { row, checkpoint, proof } = await proveEntry(log, index, size);
    return {
      format: 'carnival-transparency-receipt/1',
      log,
      index,
      leafHash: row.leaf_hash,
      record: { base64: Buffer.from(row.record, 'utf8').toString('base64'), decoded: JSON.parse(row.record) },
      treeSize: checkpoint.size,
      proof,
      checkpoint: checkpoint.note,
      verifierKey: await publicKey(),
    };
  }

  async function consistency(log: LogName, oldSize: number, newSize: number) {
    if (oldSize > newSize) throw sizesReversed();
    const committed = await committedSize(log);
    if (newSize > committed) throw sizeBeyondLog('to', newSize, committed);
    return consistencyProof(await leafHashes(log, newSize), oldSize);
  }

  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  return {
    append,
    receipt,
    entry,
    entries,
    proveEntry,
    consistency,
    publish,
    publishAll,
    latestCheckpoint,
    checkpointAt,
    checkpoints,
    committedSize,
    publicKey,
    originOf,
    /** Publishes every PUBLISH_INTERVAL_MS while entries arrive (a no-op when nothing is new). */
    start() {
      if (timer) return;
      timer = setInterval(() => {
        if (running) return;
        running = publishAll()
          .catch((err) => logger.error({ err }, 'checkpoint publication failed'))
          .finally(() => {
            running = null;
          });
      }, PUBLISH_INTERVAL_MS);
      timer.unref?.();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running;
    },
  };
}
