// `npm start`: build the web bundle if it is missing, then run `carnival serve` (extra args pass through).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (!existsSync(join(root, 'web', 'dist', 'index.html'))) {
  console.log('Building the web app (first start only)...');
  const build = spawnSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const serve = spawnSync(
  process.execPath,
  [join(root, 'bin', 'carnival.mjs'), 'serve', ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit' },
);
process.exit(serve.status ?? 0);
