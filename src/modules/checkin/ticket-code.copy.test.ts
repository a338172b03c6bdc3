import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** The page's copy of the code format (web/src/checkin) must stay the server's, but for its header. */
describe('the browser copy of ticket-code.ts', () => {
  it('is the same code as the server’s', () => {
    const body = (path: string) =>
      readFileSync(new URL(path, import.meta.url), 'utf8').replace(/^\/\*\*[\s\S]*?\*\/\n/, '');
    expect(body('../../../web/src/checkin/ticket-code.ts')).toBe(body('./ticket-code.ts'));
  });
});
