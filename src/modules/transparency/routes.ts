import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { parseVerifierKey } from '../../verify';
import { logNotFound } from './errors';
import type { TransparencyModule } from './index';
import { type CheckpointRow, isLogName, KEY_NAME, type LogName } from './log';
import {
  checkpointSchema,
  checkpointsPageSchema,
  checkpointsQuery,
  consistencyQuery,
  consistencySchema,
  entriesPageSchema,
  entriesQuery,
  entryParams,
  entrySchema,
  logKeySchema,
  logParams,
  receiptQuery,
  receiptSchema,
} from './schemas';

export interface TransparencyRoutesOptions {
  transparency: TransparencyModule;
}

type EntryRow = { idx: number; record: string; leaf_hash: string; created_at: Date };

const toCheckpoint = (log: LogName, origin: string, cp: CheckpointRow) => ({
  log,
  origin,
  size: cp.size,
  rootHash: cp.rootHash,
  note: cp.note,
  createdAt: cp.createdAt.toISOString(),
});

const toEntry = (row: EntryRow) => ({
  index: row.idx,
  leafHash: row.leaf_hash,
  record: Buffer.from(row.record, 'utf8').toString('base64'),
  decoded: JSON.parse(row.record) as Record<string, string | number | boolean | null>,
  createdAt: row.created_at.toISOString(),
});

/**
 * The public, read-only face of the transparency logs: anyone (a donor, an auditor, a journalist)
 * can fetch checkpoints, entries and proofs without an account, so the checks in `carnival/verify`
 * and `carnival verify` need nothing from Carnival but these answers. Rate-limited per IP.
 */
export async function transparencyRoutes(app: FastifyInstance, { transparency }: TransparencyRoutesOptions) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['transparency'];
  const config = { scope: 'unscoped' as const, limits: ['transparencyPerIp' as const] };
  const logOf = (name: string): LogName => {
    if (!isLogName(name)) throw logNotFound(name);
    return name;
  };

  /** The latest signed checkpoint; the first ever is published on demand (an empty log has one). */
  const latest = async (log: LogName) =>
    (await transparency.latestCheckpoint(log)) ?? transparency.publish(log);

  r.get(
    '/api/transparency/:log/checkpoint',
    {
      config,
      schema: {
        tags,
        summary: 'The latest signed checkpoint of a log (public; published at least every minute)',
        params: logParams,
        response: { 200: checkpointSchema },
      },
    },
    async (request, reply) => {
      const log = logOf(request.params.log);
      const cp = await latest(log);
      reply.header('cache-control', 'no-cache');
      return toCheckpoint(log, transparency.originOf(log), cp);
    },
  );

  r.get(
    '/api/transparency/:log/checkpoints',
    {
      config,
      schema: {
        tags,
        summary: 'Every published checkpoint from tree size `from`, smallest first (paged)',
        params: logParams,
        querystring: checkpointsQuery,
        response: { 200: checkpointsPageSchema },
      },
    },
    async (request) => {
      const log = logOf(request.params.log);
      const { from, limit } = request.query;
      // One more than asked says whether there is a next page.
      const rows = await transparency.checkpoints(log, from, limit + 1);
      const page = rows.slice(0, limit);
      const origin = transparency.originOf(log);
      return {
        log,
        checkpoints: page.map((cp) => toCheckpoint(log, origin, cp)),
        next: rows.length > limit ? rows[limit]!.size : null,
      };
    },
  );

  r.get(
    '/api/transparency/:log/checkpoint.txt',
    {
      config,
      schema: {
        tags,
        summary: 'The latest checkpoint as its signed note (text/plain, C2SP tlog-checkpoint)',
        params: logParams,
        // Documented as text/plain (`produces`); a string sent with that type is never JSON-serialized.
        produces: ['text/plain'],
        response: { 200: z.string().describe('The signed note: checkpoint body, blank line, signatures') },
      },
    },
    async (request, reply) => {
      const cp = await latest(logOf(request.params.log));
      return reply.header('cache-control', 'no-cache').type('text/plain; charset=utf-8').send(cp.note);
    },
  );

  r.get(
    '/api/transparency/:log/key',
    {
      config,
      schema: {
        tags,
        summary: 'The public key that signs the log’s checkpoints (pin it; do not trust a receipt’s own)',
        params: logParams,
        response: { 200: logKeySchema },
      },
    },
    async (request) => {
      const log = logOf(request.params.log);
      const verifierKey = await transparency.publicKey();
      const parsed = parseVerifierKey(verifierKey);
      if ('error' in parsed) throw new Error(parsed.error);
      return {
        log,
        origin: transparency.originOf(log),
        algorithm: 'Ed25519' as const,
        keyName: KEY_NAME,
        keyId: Buffer.from(parsed.keyId).toString('hex'),
        publicKey: Buffer.from(parsed.publicKey).toString('base64'),
        verifierKey,
      };
    },
  );

  r.get(
    '/api/transparency/:log/entries',
    {
      config,
      schema: {
        tags,
        summary: 'Committed entries in index order, paged (`from`, `limit` up to 1000)',
        params: logParams,
        querystring: entriesQuery,
        response: { 200: entriesPageSchema },
      },
    },
    async (request) => {
      const log = logOf(request.params.log);
      const { from, limit } = request.query;
      // The size first: every entry below it is committed, so the page never shows a gap.
      const size = await transparency.committedSize(log);
      const rows = from < size ? await transparency.entries(log, from, Math.min(limit, size - from)) : [];
      const end = from + rows.length;
      return { log, size, entries: rows.map(toEntry), next: end < size ? end : null };
    },
  );

  r.get(
    '/api/transparency/:log/entries/:index',
    {
      config,
      schema: {
        tags,
        summary: 'One entry: its record bytes and leaf hash (immutable once committed)',
        params: entryParams,
        response: { 200: entrySchema },
      },
    },
    async (request, reply) => {
      const row = await transparency.entry(logOf(request.params.log), request.params.index);
      reply.header('cache-control', 'public, max-age=31536000, immutable');
      return toEntry(row);
    },
  );

  r.get(
    '/api/transparency/:log/entries/:index/receipt',
    {
      config,
      schema: {
        tags,
        summary: 'The offline receipt of an entry: record, inclusion proof, signed checkpoint, key',
        params: entryParams,
        querystring: receiptQuery,
        response: { 200: receiptSchema },
      },
    },
    async (request) =>
      transparency.receipt(logOf(request.params.log), request.params.index, request.query.size),
  );

  r.get(
    '/api/transparency/:log/consistency',
    {
      config,
      schema: {
        tags,
        summary: 'The consistency proof between two tree sizes (`from` <= `to` <= the log size)',
        params: logParams,
        querystring: consistencyQuery,
        response: { 200: consistencySchema },
      },
    },
    async (request) => {
      const log = logOf(request.params.log);
      const { from, to } = request.query;
      return { log, from, to, proof: await transparency.consistency(log, from, to) };
    },
  );
}
