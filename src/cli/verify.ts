import {
  type Checkpoint,
  parseCheckpoint,
  type ReceiptCheck,
  verifyCheckpoint,
  verifyConsistency,
  verifyReceipt,
} from '../verify';
import { createTlogClient } from './tlog-client';
import {
  type AuditIo,
  checkLine,
  keyArgument,
  logOfOrigin,
  parseAuditArgs,
  readText,
  UsageError,
} from './verify-io';

export const VERIFY_USAGE = `usage:
  carnival verify [receipt] <receipt.json> [--key <verifier key | file>] [--url <server>]
  carnival verify consistency <old.txt> <new.txt> (--url <server> | --proof <file | hash,hash,...>)
                              [--key <verifier key | file>]
The key that signed the checkpoints: --key, else the one the server at --url publishes, else
(receipts only) the receipt's own, which shows the receipt is intact but not who signed it.
Exit status: 0 verified, 1 a check failed (each printed with what failed), 2 bad usage.
`;

/** What a failed receipt check means to a donor: the record, its hash, the proof, the signature. */
const WHAT_FAILED: Record<ReceiptCheck['name'], string> = {
  format: 'format',
  record: 'record',
  leaf: 'record hash',
  signature: 'signature',
  size: 'tree size',
  inclusion: 'proof',
};

/** `carnival verify ...`: offline checks of receipts and checkpoints (docs/transparency.md). */
export async function runVerify(args: string[], io: AuditIo): Promise<number> {
  const [sub, ...rest] = args;
  try {
    if (sub === 'receipt') return await verifyReceiptFile(rest, io);
    // `carnival verify receipt.json`, the short form a donor is told about.
    if (sub?.endsWith('.json')) return await verifyReceiptFile(args, io);
    if (sub === 'consistency') return await verifyCheckpoints(rest, io);
    if (sub === '-h' || sub === '--help' || sub === 'help') {
      io.stdout(VERIFY_USAGE);
      return 0;
    }
    throw new UsageError(sub ? `unknown verify command: ${sub}` : 'verify what?');
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`${e.message}\n${VERIFY_USAGE}`);
    return 2;
  }
}

async function verifyReceiptFile(args: string[], io: AuditIo): Promise<number> {
  const { values, positionals } = parseAuditArgs(args, ['key', 'url']);
  const [file] = positionals;
  if (!file || positionals.length > 1) throw new UsageError('verify receipt takes one receipt file');
  let receipt: { log?: unknown; index?: unknown };
  try {
    receipt = JSON.parse(await readText(file, 'receipt'));
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${file} is not JSON: ${(e as Error).message}`);
  }
  let key: string | undefined;
  let keySource = 'the receipt’s own key (pass --key or --url to check who signed)';
  if (values.key) {
    key = await keyArgument(values.key);
    keySource = 'the key given by --key';
  } else if (values.url && typeof receipt?.log === 'string') {
    key = await createTlogClient(values.url, receipt.log, io.fetch).key();
    keySource = `the key published by ${values.url}`;
  }
  const result = verifyReceipt(receipt, key);
  io.stdout(
    `receipt ${file}: ${String(receipt?.log)} entry ${String(receipt?.index)}, checked with ${keySource}\n`,
  );
  for (const c of result.checks) io.stdout(checkLine(c.ok, c.name, c.detail));
  if (result.ok) {
    io.stdout('VERIFIED: the record is in the signed log\n');
    return 0;
  }
  const failed = [...new Set(result.checks.filter((c) => !c.ok).map((c) => WHAT_FAILED[c.name]))];
  io.stdout(`FAILED: ${failed.join(', ')}\n`);
  return 1;
}

async function proofArgument(value: string): Promise<string[]> {
  const text = /^[0-9a-f]{64}(,[0-9a-f]{64})*$|^$/.test(value) ? value : await readText(value, 'proof file');
  const trimmed = text.trim();
  if (trimmed === '') return [];
  // A file may be the API's JSON answer, a JSON array, or hashes separated by commas or lines.
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      const json = JSON.parse(trimmed) as string[] | { proof?: string[] };
      const proof = Array.isArray(json) ? json : json.proof;
      if (Array.isArray(proof)) return proof.map(String);
    } catch {
      // fall through to the refusal
    }
    throw new UsageError(`--proof ${value}: neither a JSON array nor a consistency answer`);
  }
  return trimmed.split(/[\s,]+/);
}

async function verifyCheckpoints(args: string[], io: AuditIo): Promise<number> {
  const { values, positionals } = parseAuditArgs(args, ['key', 'url', 'proof']);
  const [oldFile, newFile] = positionals;
  if (!oldFile || !newFile || positionals.length > 2)
    throw new UsageError('verify consistency takes two checkpoint files, the older first');
  if (!values.url && values.proof === undefined) throw new UsageError('give --url <server> or --proof');
  const notes = [await readText(oldFile, 'checkpoint'), await readText(newFile, 'checkpoint')] as const;
  const bodies: Checkpoint[] = [];
  for (const [i, note] of notes.entries()) {
    const body = parseCheckpoint(note.slice(0, note.lastIndexOf('\n\n') + 1));
    if ('error' in body) {
      io.stdout(checkLine(false, 'checkpoint', `${positionals[i]}: ${body.error}`));
      io.stdout('FAILED: checkpoint\n');
      return 1;
    }
    bodies.push(body);
  }
  const [oldCp, newCp] = bodies as [Checkpoint, Checkpoint];
  const log = logOfOrigin(newCp.origin);
  const client = values.url ? createTlogClient(values.url, log, io.fetch) : null;
  const key = values.key ? await keyArgument(values.key) : await client?.key();
  const failed: string[] = [];
  const check = (ok: boolean, name: string, detail: string) => {
    io.stdout(checkLine(ok, name, detail));
    if (!ok) failed.push(name);
  };
  io.stdout(
    `checkpoints ${oldFile} (size ${oldCp.size}) -> ${newFile} (size ${newCp.size}) of ${newCp.origin}\n`,
  );
  if (key) {
    for (const [i, note] of notes.entries()) {
      const opened = verifyCheckpoint(note, key);
      check(
        opened.ok,
        'signature',
        `${positionals[i]}: ${opened.ok ? `signed by ${key.split('+')[0]}` : opened.reason}`,
      );
    }
  } else {
    io.stdout('  skip  signature    no key: pass --key or --url to check who signed\n');
  }
  check(
    oldCp.origin === newCp.origin,
    'origin',
    oldCp.origin === newCp.origin ? oldCp.origin : `${oldCp.origin} is not ${newCp.origin}`,
  );
  if (oldCp.size > newCp.size) {
    check(false, 'size', `the old checkpoint (${oldCp.size}) is larger than the new one (${newCp.size})`);
  } else {
    const proof =
      values.proof !== undefined
        ? await proofArgument(values.proof)
        : await client!.consistency(oldCp.size, newCp.size);
    const ok = verifyConsistency({
      oldSize: oldCp.size,
      newSize: newCp.size,
      oldRoot: oldCp.rootHash,
      newRoot: newCp.rootHash,
      proof,
    });
    check(
      ok,
      'proof',
      ok
        ? `the tree of size ${newCp.size} extends the tree of size ${oldCp.size}`
        : `the consistency proof does not link the two roots: the log was rewritten, or the proof or a checkpoint changed`,
    );
  }
  if (failed.length) {
    io.stdout(`FAILED: ${[...new Set(failed)].join(', ')}\n`);
    return 1;
  }
  io.stdout('VERIFIED: the new checkpoint extends the old one\n');
  return 0;
}
