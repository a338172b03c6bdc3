import { type Checkpoint, canonicalJson, EMPTY_ROOT, leafHash, nodeHash, verifyCheckpoint } from '../verify';
import { createTlogClient, type TlogClient } from './tlog-client';
import { type AuditIo, checkLine, keyArgument, logOfOrigin, parseAuditArgs, UsageError } from './verify-io';

export const TRANSPARENCY_USAGE = `usage:
  carnival transparency check --url <server> --log <name> [--key <verifier key | file>]
Downloads every entry of the log, recomputes each leaf hash from its record and the tree from
the leaves, and compares them with the latest signed checkpoint (and, on a mismatch, with every
published checkpoint, to find where the log changed). Names the first entry that does not match.
Exit status: 0 the log matches, 1 it does not, 2 bad usage or the server cannot be read.
`;

const PAGE = 1000;

/**
 * MTH of every prefix the caller asks for, in one pass: a stack of the roots of the perfect
 * subtrees so far (the binary decomposition of the size), folded right to left on demand.
 */
export class IncrementalTree {
  private readonly stack: { size: number; hash: string }[] = [];
  size = 0;

  push(leaf: string): void {
    let node = { size: 1, hash: leaf };
    while (this.stack.length && this.stack[this.stack.length - 1]!.size === node.size) {
      const left = this.stack.pop()!;
      node = { size: left.size * 2, hash: nodeHash(left.hash, node.hash) };
    }
    this.stack.push(node);
    this.size++;
  }

  root(): string {
    if (!this.stack.length) return EMPTY_ROOT;
    let root = this.stack[this.stack.length - 1]!.hash;
    for (let i = this.stack.length - 2; i >= 0; i--) root = nodeHash(this.stack[i]!.hash, root);
    return root;
  }
}

/** `carnival transparency ...`: an auditor's whole-log check against a running server. */
export async function runTransparency(args: string[], io: AuditIo): Promise<number> {
  const [sub, ...rest] = args;
  try {
    if (sub === 'check') return await checkLog(rest, io);
    if (sub === '-h' || sub === '--help' || sub === 'help') {
      io.stdout(TRANSPARENCY_USAGE);
      return 0;
    }
    throw new UsageError(sub ? `unknown transparency command: ${sub}` : 'transparency what?');
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`${e.message}\n${TRANSPARENCY_USAGE}`);
    return 2;
  }
}

/** `index` is null when the history bounds the changed entry without naming it. */
type Mismatch = { index: number | null; reason: string };

/** Why entry `i` as served does not stand on its own (null: it does). */
function entryProblem(i: number, e: { index: number; leafHash: string; record: string }): string | null {
  if (e.index !== i)
    return `the server sent entry ${e.index} where entry ${i} belongs (a gap or a duplicate)`;
  const bytes = Buffer.from(e.record, 'base64');
  const computed = leafHash(bytes);
  if (computed !== e.leafHash)
    return `its record hashes to ${computed}, the log's leaf hash is ${e.leafHash}: the record was changed`;
  try {
    if (canonicalJson(JSON.parse(bytes.toString('utf8'))) !== bytes.toString('utf8'))
      return 'its record is not in canonical form';
  } catch {
    return 'its record is not a canonical JSON object';
  }
  return null;
}

async function checkLog(args: string[], io: AuditIo): Promise<number> {
  const { values, positionals } = parseAuditArgs(args, ['url', 'log', 'key']);
  if (positionals.length) throw new UsageError(`unexpected argument: ${positionals[0]}`);
  if (!values.url) throw new UsageError('give --url <server>');
  if (!values.log) throw new UsageError('give --log <name> (donations, provenance)');
  const client = createTlogClient(values.url, values.log, io.fetch);
  try {
    return await checkWith(client, values.key ? await keyArgument(values.key) : undefined, io);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    io.stderr(`${(e as Error).message}\n`);
    return 2;
  }
}

async function checkWith(client: TlogClient, givenKey: string | undefined, io: AuditIo): Promise<number> {
  const key = givenKey ?? (await client.key());
  const note = await client.checkpointNote();
  io.stdout(
    `transparency log ${client.log} at ${client.baseUrl}, key ${key.split('+').slice(0, 2).join('+')} (${givenKey ? 'given by --key' : 'published by the server'})\n`,
  );
  const opened = verifyCheckpoint(note, key);
  io.stdout(
    checkLine(
      opened.ok,
      'signature',
      opened.ok ? 'the latest checkpoint is signed by that key' : opened.reason,
    ),
  );
  if (!opened.ok) {
    io.stdout('FAILED: signature\n');
    return 1;
  }
  const checkpoint = opened.checkpoint;
  if (logOfOrigin(checkpoint.origin) !== client.log) {
    io.stdout(checkLine(false, 'origin', `the checkpoint is of ${checkpoint.origin}, not of ${client.log}`));
    io.stdout('FAILED: origin\n');
    return 1;
  }

  // Every entry up to the checkpoint: its leaf recomputed from its record, the tree from those leaves.
  const leaves: string[] = [];
  let first: Mismatch | null = null;
  while (leaves.length < checkpoint.size) {
    const page = await client.entries(leaves.length, Math.min(PAGE, checkpoint.size - leaves.length));
    if (!page.entries.length) break;
    for (const e of page.entries) {
      const i = leaves.length;
      if (i >= checkpoint.size) break;
      const problem = entryProblem(i, e);
      if (problem && !first) first = { index: i, reason: problem };
      leaves.push(leafHash(Buffer.from(e.record, 'base64')));
    }
  }
  const complete = leaves.length === checkpoint.size;
  io.stdout(
    checkLine(
      complete && !first,
      'entries',
      !complete
        ? `the server has ${leaves.length} entries, the checkpoint says ${checkpoint.size}`
        : first
          ? `entry ${first.index}: ${first.reason}`
          : `${leaves.length} entries, each record hashes to its leaf hash`,
    ),
  );
  const tree = new IncrementalTree();
  for (const leaf of leaves) tree.push(leaf);
  const rootOk = complete && tree.root() === checkpoint.rootHash;
  io.stdout(
    checkLine(
      rootOk,
      'root',
      rootOk
        ? `the ${checkpoint.size} entries hash to the signed root`
        : 'the entries do not hash to the signed root of the latest checkpoint',
    ),
  );
  if (!rootOk && !first) first = await locateByHistory(client, key, leaves, checkpoint, io);
  if (!first && rootOk) {
    io.stdout(`VERIFIED: ${client.log} matches its signed checkpoint of size ${checkpoint.size}\n`);
    return 0;
  }
  io.stdout(
    first?.index != null
      ? `FAILED: entry ${first.index} does not match: ${first.reason}\n`
      : `FAILED: ${first?.reason ?? `the log does not match its checkpoint of size ${checkpoint.size}`}\n`,
  );
  return 1;
}

/**
 * Records and leaf hashes changed together leave every entry self-consistent: the signed
 * checkpoints say where. The first published size whose root the downloaded entries no longer
 * give bounds the first changed entry from above, the last one that still matches from below.
 */
async function locateByHistory(
  client: TlogClient,
  key: string,
  leaves: string[],
  latest: Checkpoint,
  io: AuditIo,
): Promise<Mismatch | null> {
  const tree = new IncrementalTree();
  let good = 0;
  let from: number | null = 1;
  while (from !== null) {
    const page = await client.checkpoints(from, PAGE);
    for (const cp of page.checkpoints) {
      if (cp.size > leaves.length || cp.size > latest.size) return null;
      const opened = verifyCheckpoint(cp.note, key);
      if (!opened.ok) continue; // an unsigned row proves nothing either way
      while (tree.size < cp.size) tree.push(leaves[tree.size]!);
      if (tree.root() === opened.checkpoint.rootHash) {
        good = cp.size;
        continue;
      }
      io.stdout(
        checkLine(
          false,
          'history',
          `the checkpoint of size ${good} still matches, the one of size ${cp.size} does not`,
        ),
      );
      return cp.size - good === 1
        ? { index: good, reason: 'it is not the entry the log signed' }
        : {
            index: null,
            reason: `the first changed entry is one of ${good}..${cp.size - 1} (no checkpoint between narrows it)`,
          };
    }
    from = page.next;
  }
  return null;
}
