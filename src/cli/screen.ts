import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import { loadConfig } from '../config';
import { type Verification, verifyCampaign } from '../modules/analytics';
import { openDatabase } from '../platform/db';
import type { DB } from '../schema';

type Sink = { write(text: string): unknown };

const yuan = (fen: number) => (fen / 100).toFixed(2);

/** The comparison as a table: one row a figure, the screen, SQL over the orders, the difference. */
export function formatVerification(v: Verification): string {
  const rows: [string, number, number, number][] = [
    ['GMV (fen)', v.screen.gmv, v.database.gmv, v.difference.gmv],
    ['orders', v.screen.orders, v.database.orders, v.difference.orders],
    ['buyers', v.screen.buyers, v.database.buyers, v.difference.buyers],
    ['refunds (fen)', v.screen.refundAmount, v.database.refundAmount, v.difference.refundAmount],
  ];
  const pad = (s: string | number, n: number) => String(s).padStart(n);
  const lines = [
    `campaign ${v.campaignId}  (screen seq ${v.screen.seq})`,
    `${'figure'.padEnd(14)}${pad('screen', 16)}${pad('database', 16)}${pad('difference', 12)}`,
    ...rows.map(([name, s, d, diff]) => `${name.padEnd(14)}${pad(s, 16)}${pad(d, 16)}${pad(diff, 12)}`),
    `GMV ¥${yuan(v.screen.gmv)} on the screen, ¥${yuan(v.database.gmv)} in the orders: ${v.equal ? 'equal' : 'DIFFERENT'}`,
    '',
  ];
  return lines.join('\n');
}

/** An id or a slug to the campaign's id. */
async function campaignIdOf(db: Kysely<DB>, idOrSlug: string): Promise<string | null> {
  const row = await db
    .selectFrom('campaigns')
    .select('id')
    .where((eb) => eb.or([eb('id', '=', idOrSlug), eb('slug', '=', idOrSlug)]))
    .executeTakeFirst();
  return row?.id ?? null;
}

/**
 * `carnival screen verify --campaign ID`: on the database (DATABASE_URL, or the embedded data
 * folder of a stopped server), or with --url through a running server's API (an operator's
 * API key in CARNIVAL_API_KEY). Exit code 0 when equal, 1 when they differ.
 */
export async function runScreen(args: string[], out: Sink = process.stdout, err: Sink = process.stderr) {
  const [sub, ...rest] = args;
  let values: { campaign?: string; url?: string; 'data-dir'?: string; json?: boolean };
  try {
    ({ values } = parseArgs({
      args: rest,
      options: {
        campaign: { type: 'string' },
        url: { type: 'string' },
        'data-dir': { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    }));
  } catch (e) {
    err.write(`${(e as Error).message}\n`);
    return 2;
  }
  if (sub !== 'verify' || !values.campaign) {
    err.write(
      'usage: carnival screen verify --campaign ID [--url http://127.0.0.1:3000] [--data-dir ./data] [--json]\n',
    );
    return 2;
  }
  let v: Verification;
  if (values.url) {
    const key = process.env.CARNIVAL_API_KEY;
    const res = await fetch(
      new URL(`/api/screen/${encodeURIComponent(values.campaign)}/verify`, values.url),
      {
        headers: key ? { authorization: `Bearer ${key}` } : {},
      },
    );
    if (!res.ok) {
      err.write(`screen verify: ${res.status} ${await res.text()}\n`);
      return 2;
    }
    v = (await res.json()) as Verification;
  } else {
    // An explicit --data-dir names the embedded database to read: DATABASE_URL must not win over it.
    const dataDir = values['data-dir'];
    const config = dataDir
      ? loadConfig({ dataDir }, { ...process.env, DATABASE_URL: undefined })
      : loadConfig({});
    const database = await openDatabase({
      databaseUrl: config.databaseUrl,
      pgliteDir: join(config.dataDir, 'pglite'),
      pgliteSharedBuffers: config.pgliteSharedBuffers,
    });
    try {
      const id = await campaignIdOf(database.db, values.campaign);
      if (!id) {
        err.write(`screen verify: no campaign ${values.campaign}\n`);
        return 2;
      }
      v = await verifyCampaign(database.db, id);
    } finally {
      await database.close();
    }
  }
  out.write(values.json ? `${JSON.stringify(v)}\n` : formatVerification(v));
  return v.equal ? 0 : 1;
}
