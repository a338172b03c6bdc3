import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyBuildOptions } from '../scripts/build-verify.mjs';

const root = join(import.meta.dirname, '..');

describe('the carnival/verify entry', () => {
  const dir = mkdtempSync(join(tmpdir(), 'carnival-verify-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the committed verify/index.js is what src/verify builds to (run `npm run build:verify`)', async () => {
    const out = await build({
      ...verifyBuildOptions(),
      write: false,
      outfile: join(root, 'verify/index.js'),
    });
    const fresh = out.outputFiles[0]?.text;
    expect(readFileSync(join(root, 'verify/index.js'), 'utf8')).toBe(fresh);
  });

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
        && typeof nodeHash === 'function';
      console.log(root, ok);`;
    const stdout = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(stdout.trim()).toBe('5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328 true');
  });
});
