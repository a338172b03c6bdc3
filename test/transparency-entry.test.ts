/**
 * `carnival/verify`, the public verification entry: the committed compiled files are what
 * src/verify builds to today (`npm run typecheck` checks the same), the compiled JavaScript passes
 * the RFC 6962 vectors itself, and a package that depends on Carnival imports it with plain `node`
 * (no TypeScript loader, no server, no database).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateVerify, VERIFY_OUT } from '../scripts/build-verify.mjs';
import * as compiled from '../verify/index.js';
import { describeRfc6962 } from './support/rfc6962';

const root = join(import.meta.dirname, '..');

describeRfc6962('the compiled verify/index.js', compiled);

describe('the carnival/verify entry', () => {
  const dir = mkdtempSync(join(tmpdir(), 'carnival-verify-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is what src/verify builds to now (run `npm run build:verify` when this fails)', async () => {
    const files = await generateVerify();
    for (const [name, text] of Object.entries(files)) {
      expect(readFileSync(join(VERIFY_OUT, name), 'utf8') === text, `verify/${name} is stale`).toBe(true);
    }
  }, 60_000);

  it('imports with plain node from a package that depends on Carnival', () => {
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(root, join(dir, 'node_modules/carnival'), 'dir');
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ name: 'auditor', type: 'module', dependencies: { carnival: '*' } }),
    );
    const script = `
      import { rootHash, leafHash, inclusionProof, verifyInclusion, consistencyProof, verifyConsistency, nodeHash } from 'carnival/verify';
      const leaves = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f']
        .map((h) => leafHash(Uint8Array.from(Buffer.from(h, 'hex'))));
      const root = rootHash(leaves);
      const ok = verifyInclusion({ leafHash: leaves[5], index: 5, treeSize: 8, proof: inclusionProof(leaves, 5), root })
        && verifyConsistency({ oldSize: 3, newSize: 8, oldRoot: rootHash(leaves.slice(0, 3)), newRoot: root, proof: consistencyProof(leaves, 3) })
        && nodeHash(leaves[0], leaves[1]) === 'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125';
      console.log(root, ok);`;
    writeFileSync(join(dir, 'main.mjs'), script);
    // A fresh process with no loader flags: what an auditor's `node main.mjs` does.
    const stdout = execFileSync(process.execPath, ['main.mjs'], {
      cwd: dir,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '' },
    });
    expect(stdout.trim()).toBe('5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328 true');
  });
});
