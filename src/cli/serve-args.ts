import { parseArgs } from 'node:util';

/**
 * `carnival serve`'s flags (and `npm start`'s, which runs it). A flag not given stays undefined in
 * the overrides, and loadConfig keeps the environment's PORT, HOST and CARNIVAL_DATA_DIR for it.
 */
export function parseServeArgs(args: string[]) {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      'no-seed': { type: 'boolean' },
      workers: { type: 'string' },
    },
  });
  return {
    overrides: { port: values.port, host: values.host, dataDir: values['data-dir'] },
    noSeed: values['no-seed'] === true,
    workers: values.workers === undefined ? 1 : Number(values.workers),
  };
}
