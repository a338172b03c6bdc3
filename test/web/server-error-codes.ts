import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every error code the server can answer with, read from its sources: the first argument of
 * each AppError constructor and helper (`new AppError('X'`, `unprocessable('X'`, `conflict('X'`,
 * `tooManyRequests('X'`, `serviceUnavailable('X'`), plus the codes the shared helpers and the
 * error handler fix (badRequest → BAD_REQUEST, ...). Test files are skipped.
 */
const CONSTRUCTOR =
  /\b(?:new AppError|unprocessable|conflict|tooManyRequests|serviceUnavailable)\(\s*['"`]([A-Z][A-Z0-9_]+)['"`]/g;

/** The codes of src/platform/errors.ts's fixed helpers and of the error handler itself. */
const FIXED = ['BAD_REQUEST', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'VALIDATION_FAILED', 'INTERNAL'];

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (
      entry.name.endsWith('.ts') &&
      !entry.name.endsWith('.test.ts') &&
      !entry.name.includes('fixtures')
    )
      yield path;
  }
}

export function serverErrorCodes(root: string): Map<string, string> {
  const found = new Map<string, string>(FIXED.map((c) => [c, 'src/platform/errors.ts']));
  for (const file of sourceFiles(join(root, 'src'))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(CONSTRUCTOR))
      if (!found.has(m[1]!)) found.set(m[1]!, file.slice(root.length + 1));
  }
  // A 500 that only tests see (a response that breaks its schema) is not a page's concern.
  found.delete('RESPONSE_INVALID');
  return found;
}
