/**
 * Prints a bench's figures and, with `--json <file>` (or BENCH_JSON=<file>), writes them with
 * the date, the commit and the machine, so docs/performance.md can be filled from real runs.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import type { LoadResult } from './load';
import { repoRoot } from './server-process';

export interface BenchReport {
  bench: string;
  /** Free-form context: database, concurrency, seeded rows... */
  setup: Record<string, unknown>;
  /** Named load results (checkout, healthz, list, search...). */
  runs: Record<string, LoadResult>;
  /** Derived figures (ratios, counts, MB, ms) and whether each target holds. */
  figures: Record<string, number | string | boolean>;
  /** Per-sample values behind the figures, for the JSON only (not printed). */
  samples?: Record<string, number[]>;
}

function commit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot }).toString().trim();
  } catch {
    return 'unknown';
  }
}

export function machine() {
  return {
    cpus: os.cpus().length,
    model: os.cpus()[0]?.model ?? 'unknown',
    memGiB: Math.round(os.totalmem() / 2 ** 30),
    loadavg: os.loadavg().map((l) => Number(l.toFixed(2))),
    node: process.version,
  };
}

// Small figures (ratios such as 0.015) keep three significant digits instead of rounding to 0.0.
const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 1 || n === 0 ? n.toFixed(1) : n.toPrecision(3));

export function formatRun(name: string, r: LoadResult): string {
  return `  ${name.padEnd(18)} ${fmt(r.perSecond).padStart(8)}/s  p50 ${fmt(r.p50).padStart(6)} ms  p99 ${fmt(r.p99).padStart(6)} ms  (${r.count} in ${r.seconds.toFixed(1)} s, ${JSON.stringify(r.statuses)})`;
}

export function report(r: BenchReport, argv: string[] = process.argv): void {
  console.log(`\n${r.bench}  ${JSON.stringify(r.setup)}`);
  for (const [name, run] of Object.entries(r.runs)) console.log(formatRun(name, run));
  for (const [name, v] of Object.entries(r.figures))
    console.log(`  ${name.padEnd(18)} ${typeof v === 'number' ? fmt(v) : String(v)}`);
  const i = argv.indexOf('--json');
  const file = i >= 0 ? argv[i + 1] : process.env.BENCH_JSON;
  if (file) {
    const doc = { ...r, date: new Date().toISOString(), commit: commit(), machine: machine() };
    writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
    console.log(`  written to ${file}`);
  }
}

/** Prints the report, then fails the process (exit code 1) when the run's correctness check did not hold. */
export function reportChecked(r: BenchReport, verdict: { ok: boolean }): void {
  report(r);
  if (!verdict.ok) {
    console.error('correctness check failed');
    process.exitCode = 1;
  }
}

/** Runs a bench's main: any error is printed and exits 1 (a bench never ends half-silently). */
export function runBench(main: () => Promise<void>): void {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
