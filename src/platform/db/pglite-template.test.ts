import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationsHash as buildScriptHash } from '../../../scripts/build.mjs';
import { openDatabase } from './connect';
import { migrateToLatest } from './migrate';
import { buildPgliteTemplate, currentMarker, migrationsHash, seedFromTemplate } from './pglite-template';

let root: string;
let template: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'carnival-template-'));
  template = join(root, 'template');
  await buildPgliteTemplate(template, async (staging) => {
    const database = await openDatabase({ pgliteDir: staging, pgliteTemplateDir: null });
    try {
      await migrateToLatest(database.db);
    } finally {
      await database.close();
    }
  });
}, 120_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the PGlite template', () => {
  it('is keyed by the same migrations hash the build script computes', () => {
    expect(migrationsHash()).toMatch(/^[0-9a-f]{64}$/);
    expect(migrationsHash()).toBe(buildScriptHash());
    expect(JSON.parse(readFileSync(`${template}.json`, 'utf8'))).toEqual(currentMarker());
  });

  it('seeds a fresh folder that is migrated already and holds no account and no secret', async () => {
    const dir = join(root, 'fresh', 'pglite');
    expect(seedFromTemplate(dir, template)).toBe('copied');
    const database = await openDatabase({ pgliteDir: dir, pgliteTemplateDir: null });
    try {
      expect(await migrateToLatest(database.db)).toEqual([]);
      const counts = await sql<{ users: number; secrets: number; sessions: number }>`
        select (select count(*) from users) as users, (select count(*) from server_secrets) as secrets,
               (select count(*) from sessions) as sessions`.execute(database.db);
      expect(counts.rows[0]).toEqual({ users: 0, secrets: 0, sessions: 0 });
    } finally {
      await database.close();
    }
    expect(existsSync(`${dir}.${process.pid}.seeding`)).toBe(false);
  }, 60_000);

  it('leaves a folder that holds a cluster, or anything else, alone', () => {
    const existing = join(root, 'existing');
    mkdirSync(existing);
    writeFileSync(join(existing, 'PG_VERSION'), '17\n');
    expect(seedFromTemplate(existing, template)).toBe('existing');
    const other = join(root, 'other');
    mkdirSync(other);
    writeFileSync(join(other, 'notes.txt'), 'mine');
    expect(seedFromTemplate(other, template)).toBe('existing');
    expect(readFileSync(join(other, 'notes.txt'), 'utf8')).toBe('mine');
  });

  it('is not used when its marker names other migrations or another PGlite, or is missing', () => {
    const marker = readFileSync(`${template}.json`, 'utf8');
    try {
      writeFileSync(`${template}.json`, JSON.stringify({ ...currentMarker(), migrations: 'f'.repeat(64) }));
      expect(seedFromTemplate(join(root, 'stale1'), template)).toBe('no-template');
      writeFileSync(`${template}.json`, JSON.stringify({ ...currentMarker(), pglite: '0.0.1' }));
      expect(seedFromTemplate(join(root, 'stale2'), template)).toBe('no-template');
      rmSync(`${template}.json`);
      expect(seedFromTemplate(join(root, 'stale3'), template)).toBe('no-template');
      expect(existsSync(join(root, 'stale3', 'PG_VERSION'))).toBe(false);
    } finally {
      writeFileSync(`${template}.json`, marker);
    }
  });
});
