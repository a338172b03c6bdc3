import { readFile } from 'node:fs/promises';
import { parseScenario, priceCart } from '../modules/pricing';

export interface PriceIo {
  stdin: NodeJS.ReadableStream;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

const USAGE = 'usage: carnival price <scenario.json | ->\n';

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * `carnival price scenario.json` (or `-` for stdin): prints the priced cart as pretty JSON and
 * returns 0. An unreadable file, invalid JSON or an invalid scenario prints the errors, each
 * naming its JSON path, to stderr and returns 2.
 */
export async function runPrice(args: string[], io: PriceIo): Promise<number> {
  const source = args[0];
  if (source === undefined || source === '-h' || source === '--help') {
    (source === undefined ? io.stderr : io.stdout)(USAGE);
    return source === undefined ? 2 : 0;
  }
  let text: string;
  try {
    text = source === '-' ? await readAll(io.stdin) : await readFile(source, 'utf8');
  } catch (e) {
    io.stderr(`cannot read ${source === '-' ? 'stdin' : source}: ${(e as Error).message}\n`);
    return 2;
  }
  const parsed = parseScenario(text);
  if (!parsed.ok) {
    io.stderr(`invalid scenario ${source === '-' ? '(stdin)' : source}:\n`);
    for (const err of parsed.errors) io.stderr(`  ${err.path}: ${err.message}\n`);
    return 2;
  }
  io.stdout(`${JSON.stringify(priceCart(parsed.scenario), null, 2)}\n`);
  return 0;
}
