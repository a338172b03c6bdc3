/**
 * The auditor's commands against a listening server: `carnival verify receipt`, `carnival verify
 * consistency` and `carnival transparency check`. One changed byte in a record, a proof or a
 * checkpoint is caught and the output says what failed (issue 10, acceptance).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTransparency } from '../src/cli/transparency-check';
import { runVerify } from '../src/cli/verify';
import { testDatabaseTargets } from '../src/platform/db/testing';
import { leafHash, type Receipt, signingKeyFromSeed, verifierKey } from '../src/verify';
import { createHarness, type Harness } from './support/harness';

/** Flips the low bit of the byte at `at` (a one-byte tamper). */
function flipByte(bytes: Buffer, at: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[at] = (copy[at] ?? 0) ^ 1;
  return copy;
}

/** A different hex digit at position `at` of a hash. */
const flipHex = (hex: string, at = 0) => hex.slice(0, at) + (hex[at] === '0' ? '1' : '0') + hex.slice(at + 1);

describe('carnival verify and carnival transparency check', () => {
  let h: Harness;
  let url: string;
  let dir: string;
  let key: string;

  async function cli(run: typeof runVerify, args: string[]) {
    let out = '';
    let err = '';
    const code = await run(args, {
      stdout: (s) => {
        out += s;
      },
      stderr: (s) => {
        err += s;
      },
    });
    return { code, out, err };
  }
  const verify = (...args: string[]) => cli(runVerify, args);
  const check = (...args: string[]) => cli(runTransparency, args);
  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  // biome-ignore lint/suspicious/noExplicitAny: answers of the public API, read as a script would
  const api = async (path: string): Promise<any> => {
    const res = await fetch(`${url}/api/transparency/donations${path}`);
    return path.endsWith('.txt') ? res.text() : res.json();
  };

  beforeAll(async () => {
    h = await createHarness(await testDatabaseTargets()[0]!.open());
    url = await h.app.listen({ port: 0, host: '127.0.0.1' });
    dir = mkdtempSync(join(tmpdir(), 'carnival-tlog-cli-'));
    // A checkpoint after every entry: the history then names a changed entry exactly.
    for (let i = 0; i < 6; i++) {
      await h.ctx.db.transaction().execute((trx) =>
        h.services.transparency.append(trx, 'donations', {
          kind: 'donation',
          amount: 200 + i,
          order: `ord_${i}`,
        }),
      );
      await h.services.transparency.publish('donations');
    }
    key = (await api('/key')).verifierKey;
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await h.close();
  });

  describe('verify receipt', () => {
    let receipt: Receipt;
    beforeAll(async () => {
      receipt = await api('/entries/2/receipt');
    });
    const withReceipt = (r: unknown, ...args: string[]) =>
      verify('receipt', file('r.json', JSON.stringify(r)), ...args);

    it('verifies an intact receipt offline, with a pinned key or the server’s', async () => {
      const pinned = await withReceipt(receipt, '--key', key);
      expect(pinned.code, pinned.out).toBe(0);
      expect(pinned.out).toContain('VERIFIED');
      expect(pinned.out).toContain('the key given by --key');
      const fromServer = await withReceipt(receipt, '--url', url);
      expect(fromServer.code).toBe(0);
      expect(fromServer.out).toContain(`the key published by ${url}`);
      const own = await withReceipt(receipt);
      expect(own.code).toBe(0);
      expect(own.out).toContain('the receipt’s own key');
      const keyFile = file('key.txt', `${key}\n`);
      expect((await withReceipt(receipt, '--key', keyFile)).code).toBe(0);
      // The short form: `carnival verify receipt.json`.
      expect((await verify(file('short.json', JSON.stringify(receipt)), '--key', key)).code).toBe(0);
    });

    it('one byte changed in the record: the record hash fails', async () => {
      const bytes = flipByte(Buffer.from(receipt.record.base64, 'base64'), 12);
      const { code, out } = await withReceipt(
        { ...receipt, record: { ...receipt.record, base64: bytes.toString('base64') } },
        '--key',
        key,
      );
      expect(code).toBe(1);
      expect(out).toMatch(/FAIL {2}leaf {9}the record hashes to [0-9a-f]{64}, the receipt says/);
      expect(out).toMatch(/^FAILED: .*record hash/m);
    });

    it('one byte changed in the proof: the proof fails, and only it', async () => {
      const proof = receipt.proof.map((p, i) => (i === 1 ? flipHex(p, 5) : p));
      const { code, out } = await withReceipt({ ...receipt, proof }, '--key', key);
      expect(code).toBe(1);
      expect(out).toContain('FAIL  inclusion');
      expect(out).toMatch(/^FAILED: proof$/m);
    });

    it('one byte changed in the checkpoint: the signature fails', async () => {
      const at = receipt.checkpoint.indexOf('\n') + 1; // the size line
      const checkpoint = flipByte(Buffer.from(receipt.checkpoint), at).toString();
      const { code, out } = await withReceipt({ ...receipt, checkpoint }, '--key', key);
      expect(code).toBe(1);
      expect(out).toMatch(/FAIL {2}signature {4}the signature by carnival-transparency does not verify/);
      expect(out).toMatch(/^FAILED: signature$/m);
    });

    it('a receipt signed by another key fails against the pinned key', async () => {
      const other = verifierKey(
        'carnival-transparency',
        signingKeyFromSeed(new Uint8Array(32).fill(7)).publicKey,
      );
      const { code, out } = await withReceipt(receipt, '--key', other);
      expect(code).toBe(1);
      expect(out).toContain('no signature by carnival-transparency with that key id');
    });

    it('answers 2 with the usage for a missing file or a bad key', async () => {
      expect((await verify('receipt')).code).toBe(2);
      expect((await verify('receipt', join(dir, 'missing.json'))).err).toContain('cannot read receipt');
      expect((await verify('receipt', file('x.json', '{'))).err).toContain('is not JSON');
      expect((await withReceipt(receipt, '--key', 'not-a-key')).code).toBe(2);
      expect((await verify('nonsense')).code).toBe(2);
    });
  });

  describe('verify consistency', () => {
    let oldNote: string;
    let newNote: string;
    let proof: string[];
    beforeAll(async () => {
      const { checkpoints } = await api('/checkpoints?from=3&limit=1');
      oldNote = checkpoints[0].note;
      newNote = await api('/checkpoint.txt');
      proof = (await api('/consistency?from=3&to=6')).proof;
    });

    it('checks two checkpoints with the proof from the server, or a proof given offline', async () => {
      const oldFile = file('old.txt', oldNote);
      const newFile = file('new.txt', newNote);
      const online = await verify('consistency', oldFile, newFile, '--url', url);
      expect(online.code, online.out).toBe(0);
      expect(online.out).toContain('the tree of size 6 extends the tree of size 3');
      const offline = await verify('consistency', oldFile, newFile, '--proof', proof.join(','), '--key', key);
      expect(offline.code, offline.out).toBe(0);
      const proofFile = file('proof.json', JSON.stringify({ proof }));
      const unsigned = await verify('consistency', oldFile, newFile, '--proof', proofFile);
      expect(unsigned.code).toBe(0);
      expect(unsigned.out).toContain('skip  signature');
    });

    it('one byte changed in the proof: the proof fails', async () => {
      const bad = proof.map((p, i) => (i === 0 ? flipHex(p, 9) : p)).join(',');
      const { code, out } = await verify(
        'consistency',
        file('old.txt', oldNote),
        file('new.txt', newNote),
        '--proof',
        bad,
        '--key',
        key,
      );
      expect(code).toBe(1);
      expect(out).toMatch(/^FAILED: proof$/m);
    });

    it('one byte changed in a checkpoint: its signature fails (and without a key, the proof)', async () => {
      const rootLine = newNote.split('\n')[2]!;
      const changed = newNote.replace(rootLine, (rootLine[0] === 'A' ? 'B' : 'A') + rootLine.slice(1));
      const signed = await verify(
        'consistency',
        file('old.txt', oldNote),
        file('new.txt', changed),
        '--url',
        url,
      );
      expect(signed.code).toBe(1);
      expect(signed.out).toContain('FAIL  signature');
      expect(signed.out).toMatch(/^FAILED: signature, proof$/m);
      const unsigned = await verify(
        'consistency',
        file('old.txt', oldNote),
        file('new.txt', changed),
        '--proof',
        proof.join(','),
      );
      expect(unsigned.code).toBe(1);
      expect(unsigned.out).toMatch(/^FAILED: proof$/m);
    });

    it('answers 2 without a proof source', async () => {
      const { code, err } = await verify('consistency', file('old.txt', oldNote), file('new.txt', newNote));
      expect(code).toBe(2);
      expect(err).toContain('--url');
    });
  });

  describe('transparency check', () => {
    const entryRow = (idx: number) =>
      h.ctx.db
        .selectFrom('transparency_entries')
        .select(['record', 'leaf_hash'])
        .where('log', '=', 'donations')
        .where('idx', '=', idx)
        .executeTakeFirstOrThrow();
    const setRow = (idx: number, record: string, hash: string) =>
      sql`UPDATE transparency_entries SET record = ${record}, leaf_hash = ${hash} WHERE log = 'donations' AND idx = ${idx}`.execute(
        h.ctx.db,
      );

    it('an intact log matches its signed checkpoint', async () => {
      const { code, out } = await check('check', '--url', url, '--log', 'donations');
      expect(code, out).toBe(0);
      expect(out).toContain('VERIFIED: donations matches its signed checkpoint of size 6');
    });

    it('one byte changed in a stored record: names the entry', async () => {
      const original = await entryRow(3);
      await setRow(3, original.record.replace('203', '213'), original.leaf_hash);
      try {
        const { code, out } = await check('check', '--url', url, '--log', 'donations', '--key', key);
        expect(code).toBe(1);
        expect(out).toMatch(
          /^FAILED: entry 3 does not match: its record hashes to [0-9a-f]{64}, the log's leaf hash/m,
        );
      } finally {
        await setRow(3, original.record, original.leaf_hash);
      }
    });

    it('a record changed together with its leaf hash: the signed checkpoints name the entry', async () => {
      const original = await entryRow(4);
      const forged = original.record.replace('204', '999');
      await setRow(4, forged, leafHash(new TextEncoder().encode(forged)));
      try {
        const { code, out } = await check('check', '--url', url, '--log', 'donations');
        expect(code).toBe(1);
        expect(out).toContain('FAIL  root');
        expect(out).toContain('the checkpoint of size 4 still matches, the one of size 5 does not');
        expect(out).toMatch(/^FAILED: entry 4 does not match/m);
      } finally {
        await setRow(4, original.record, original.leaf_hash);
      }
    });

    it('answers 2 for a log the server does not have, or no --url', async () => {
      const missing = await check('check', '--url', url, '--log', 'nope');
      expect(missing.code).toBe(2);
      expect(missing.err).toContain('404 LOG_NOT_FOUND');
      expect((await check('check', '--log', 'donations')).code).toBe(2);
    });
  });
});
