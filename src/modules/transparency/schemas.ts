import { z } from 'zod';
import { isoInstant } from '../../platform/http/api-schemas';

/** Request and response schemas of the public transparency API (docs/transparency.md). */

const hexHash = () =>
  z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .describe('SHA-256, 64 lowercase hex digits');

/** A tree size or index in a query: a decimal integer, refused with the field's name otherwise. */
const count = () => z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const logParams = z.object({ log: z.string().min(1).max(40) });
export const entryParams = logParams.extend({ index: count() });
export const entriesQuery = z.object({
  from: count().default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
export const checkpointsQuery = z.object({
  from: count().default(0).describe('The smallest tree size to list'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
export const receiptQuery = z.object({
  size: count().optional().describe('Prove against the checkpoint of this size (default: the latest)'),
});
export const consistencyQuery = z.object({ from: count(), to: count() });

const recordValue = z.union([z.string(), z.number().int(), z.boolean(), z.null()]);
const decodedRecord = z
  .record(z.string(), recordValue)
  .describe('The record parsed: a flat object of strings, integers, booleans and nulls');

export const checkpointSchema = z
  .object({
    log: z.string(),
    origin: z.string().describe('The checkpoint origin line, `<prefix>/<log>`'),
    size: z.number().int(),
    rootHash: hexHash(),
    note: z.string().describe('The C2SP tlog-checkpoint in a signed note, exactly as signed'),
    createdAt: isoInstant(),
  })
  .meta({ id: 'TransparencyCheckpoint', description: 'A signed checkpoint of a transparency log' });

export const checkpointsPageSchema = z
  .object({
    log: z.string(),
    checkpoints: z.array(checkpointSchema),
    next: z.number().int().nullable().describe('The `from` of the next page, null at the end'),
  })
  .meta({ id: 'TransparencyCheckpointsPage' });

export const logKeySchema = z
  .object({
    log: z.string(),
    origin: z.string(),
    algorithm: z.literal('Ed25519'),
    keyName: z.string(),
    keyId: z.string().describe('4 bytes, 8 hex digits: SHA-256(name || 0x0A || 0x01 || key)[:4]'),
    publicKey: z.string().describe('The raw 32-byte Ed25519 public key, base64'),
    verifierKey: z.string().describe('The signed-note verifier key `<name>+<keyid>+<base64(0x01 || key)>`'),
  })
  .meta({ id: 'TransparencyKey', description: 'The key that signs a log’s checkpoints' });

export const entrySchema = z
  .object({
    index: z.number().int(),
    leafHash: hexHash(),
    record: z.string().describe('The record bytes (canonical JSON, UTF-8), base64'),
    decoded: decodedRecord,
    createdAt: isoInstant(),
  })
  .meta({ id: 'TransparencyEntry', description: 'One entry of a transparency log' });

export const entriesPageSchema = z
  .object({
    log: z.string(),
    size: z.number().int().describe('Committed entries in the log now'),
    entries: z.array(entrySchema),
    next: z.number().int().nullable().describe('The `from` of the next page, null at the end'),
  })
  .meta({ id: 'TransparencyEntriesPage' });

export const receiptSchema = z
  .object({
    format: z.literal('carnival-transparency-receipt/1'),
    log: z.string(),
    index: z.number().int(),
    leafHash: hexHash(),
    record: z.object({ base64: z.string(), decoded: decodedRecord }),
    treeSize: z.number().int(),
    proof: z.array(hexHash()).describe('The RFC 9162 inclusion proof, leaf to root'),
    checkpoint: z.string().describe('The signed checkpoint note the proof leads to'),
    verifierKey: z.string(),
  })
  .meta({
    id: 'TransparencyReceipt',
    description: 'Everything needed to check one entry offline: `npx carnival verify receipt <file>`',
  });

export const consistencySchema = z
  .object({
    log: z.string(),
    from: z.number().int(),
    to: z.number().int(),
    proof: z.array(hexHash()).describe('The RFC 9162 consistency proof from size `from` to size `to`'),
  })
  .meta({ id: 'TransparencyConsistency' });
