import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { parseVerifierKey } from '../verify';

/** What the auditor commands read and write: injected so tests run them in-process. */
export interface AuditIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  fetch?: typeof fetch;
}

/** A command-line refusal: printed with the usage, exit status 2. */
export class UsageError extends Error {}

/** Positionals and `--name value` options (all string-valued); an unknown option is a UsageError. */
export function parseAuditArgs<N extends string>(
  args: string[],
  names: readonly N[],
): { values: Partial<Record<N, string>>; positionals: string[] } {
  const options = Object.fromEntries(names.map((n) => [n, { type: 'string' as const }]));
  try {
    const { values, positionals } = parseArgs({ args, options, allowPositionals: true, strict: true });
    return { values: values as Partial<Record<N, string>>, positionals };
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

export async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${what} ${path}: ${(e as Error).message}`);
  }
}

/** `--key` is the verifier key itself (`name+id+base64`) or a file holding it. */
export async function keyArgument(value: string): Promise<string> {
  if (!('error' in parseVerifierKey(value))) return value.trim();
  const text = (await readText(value, 'key file')).trim();
  const parsed = parseVerifierKey(text);
  if ('error' in parsed) throw new UsageError(`--key ${value}: ${parsed.error}`);
  return text;
}

/** `ok`/`FAIL` lines in one column layout, so a tampered input shows what failed at a glance. */
export function checkLine(ok: boolean, name: string, detail: string): string {
  return `  ${ok ? 'ok  ' : 'FAIL'}  ${name.padEnd(12)} ${detail}\n`;
}

/** The log a checkpoint is of: the last segment of its origin (`<prefix>/<log>`). */
export const logOfOrigin = (origin: string) => origin.slice(origin.lastIndexOf('/') + 1);
