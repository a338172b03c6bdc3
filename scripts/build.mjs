// The build: the server + CLI as one compiled ES module (dist/carnival.mjs), a PGlite data
// directory that has been through initdb and every migration (dist/pglite-template), and the
// web bundle (web/dist, with .br/.gz beside its text files).
//
//   node scripts/build.mjs [server|template|web|all]   (npm run build = all)
//
// Plain JavaScript on purpose: bin/carnival.mjs and scripts/start.mjs import it before anything
// is compiled, so it must run on bare Node. Every step is skipped when its output is newer than
// its inputs ("ensure..."), so `npm start` and the test command may call it on every run.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const SERVER_BUNDLE = join(root, 'dist', 'carnival.mjs');
export const PGLITE_TEMPLATE = join(root, 'dist', 'pglite-template');
const WEB_INDEX = join(root, 'web', 'dist', 'index.html');
const WEB_SSR_ENTRY = join(root, 'web', 'dist-ssr', 'entry-server.mjs');

/** The newest modification time (ms) of the files under `dirs` that `include` accepts. */
function newestMtime(dirs, include) {
  let newest = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== 'dist') walk(path);
      } else if (include(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const dir of dirs) if (existsSync(join(root, dir))) walk(join(root, dir));
  return newest;
}

const mtime = (path) => (existsSync(path) ? statSync(path).mtimeMs : 0);

// Test files never reach the bundle, so editing one does not make the build stale.
const serverSource = (name) => /\.(ts|mts|js|mjs|json|sql)$/.test(name) && !/\.test\.ts$/.test(name);

export function serverBuildIsStale() {
  const built = mtime(SERVER_BUNDLE);
  if (!built) return true;
  const inputs = Math.max(
    newestMtime(['src', 'migrations'], serverSource),
    mtime(join(root, 'package.json')),
    mtime(join(root, 'scripts', 'build.mjs')),
  );
  return inputs > built;
}

/**
 * esbuild: every dependency stays an import of node_modules (`packages: 'external'`), so the
 * bundle is only our own code (~1 MB) and starts without a TypeScript loader. No source maps:
 * loading them costs start time and memory, and the bundle is readable as it is.
 */
export async function buildServer({ log = console.log } = {}) {
  const started = performance.now();
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [join(root, 'src', 'cli', 'main.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: false,
    legalComments: 'none',
    write: false,
    logLevel: 'warning',
    banner: { js: '// Built by scripts/build.mjs from src/ — do not edit; run `npm run build`.' },
  });
  // Written beside and renamed into place: processes started together (tests spawn several
  // servers at once) never import a half-written file, and whichever build lands last wins.
  mkdirSync(dirname(SERVER_BUNDLE), { recursive: true });
  const tmp = `${SERVER_BUNDLE}.${process.pid}.tmp`;
  writeFileSync(tmp, result.outputFiles[0].contents);
  renameSync(tmp, SERVER_BUNDLE);
  // esbuild keeps its service process for later builds; a server that built itself at start
  // (bin/carnival.mjs) would otherwise carry it for its whole life.
  await esbuild.stop();
  log(`built ${SERVER_BUNDLE.slice(root.length + 1)} in ${Math.round(performance.now() - started)} ms`);
}

export async function ensureServerBuild(options = {}) {
  if (serverBuildIsStale()) await buildServer(options);
}

function installedPgliteVersion() {
  const require = createRequire(join(root, 'package.json'));
  // The package's exports hide package.json; its entry point sits in <package>/dist/.
  const entry = require.resolve('@electric-sql/pglite');
  const pkg = JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8'));
  return pkg.version;
}

/** Must stay the same computation as migrationsHash in src/platform/db/pglite-template.ts. */
export function migrationsHash(dir = join(root, 'migrations')) {
  const hash = createHash('sha256');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .sort();
  for (const file of files)
    hash
      .update(`${file}\n`)
      .update(readFileSync(join(dir, file)))
      .update('\n');
  return hash.digest('hex');
}

const templateMarker = () => `${PGLITE_TEMPLATE}.json`;

export function templateIsStale() {
  if (!existsSync(join(PGLITE_TEMPLATE, 'PG_VERSION')) || !existsSync(templateMarker())) return true;
  try {
    const marker = JSON.parse(readFileSync(templateMarker(), 'utf8'));
    return marker.pglite !== installedPgliteVersion() || marker.migrations !== migrationsHash();
  } catch {
    return true;
  }
}

/**
 * The PGlite template (src/platform/db/pglite-template.ts): initdb and every migration, once,
 * so that a fresh data folder is a copy instead of 5-6 s of work. Made by the compiled CLI in a
 * child process, with the server's own openDatabase and migrations; the initdb instance's WASM
 * memory (~400 MB) leaves with the child instead of staying in the caller (`npm start`'s
 * server, the test runner).
 */
export async function buildPgliteTemplate({ log = console.log } = {}) {
  await ensureServerBuild({ log });
  const started = performance.now();
  const run = spawnSync(process.execPath, [SERVER_BUNDLE, 'pglite-template', PGLITE_TEMPLATE], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, LOG_LEVEL: 'warn' },
  });
  if (run.status !== 0) throw new Error(`building dist/pglite-template failed:\n${run.stderr || run.stdout}`);
  log(`built dist/pglite-template in ${Math.round(performance.now() - started)} ms`);
}

export async function ensurePgliteTemplate(options = {}) {
  if (templateIsStale()) await buildPgliteTemplate(options);
}

export function webBuildIsStale() {
  const built = Math.min(mtime(WEB_INDEX), mtime(WEB_SSR_ENTRY));
  if (!built) return true;
  const inputs = Math.max(
    newestMtime(['web/src'], () => true),
    mtime(join(root, 'web', 'index.html')),
    mtime(join(root, 'web', 'vite.config.ts')),
    mtime(join(root, 'web', 'vite.ssr.config.ts')),
  );
  return inputs > built;
}

/**
 * Writes `name.br` (brotli 11) and `name.gz` (gzip 9) beside each text file of the web bundle
 * of 1 KiB or more, when they save at least a tenth: the server sends them as they are
 * (src/platform/http/web-assets.ts), so the best ratio costs CPU once, here, not per request.
 */
export async function precompressWeb({ log = console.log } = {}) {
  const started = performance.now();
  const zlib = await import('node:zlib');
  const { promisify } = await import('node:util');
  const brotli = promisify(zlib.brotliCompress);
  const gzip = promisify(zlib.gzip);
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(html|js|mjs|css|svg|json|txt|xml|wasm)$/.test(entry.name) && statSync(path).size >= 1024)
        files.push(path);
    }
  };
  walk(join(root, 'web', 'dist'));
  let before = 0;
  let after = 0;
  await Promise.all(
    files.map(async (path) => {
      const data = readFileSync(path);
      const [br, gz] = await Promise.all([
        brotli(data, {
          params: {
            [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
            [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
          },
        }),
        gzip(data, { level: 9 }),
      ]);
      before += data.length;
      after += Math.min(br.length, data.length);
      if (br.length < data.length * 0.9) writeFileSync(`${path}.br`, br);
      if (gz.length < data.length * 0.9) writeFileSync(`${path}.gz`, gz);
    }),
  );
  log(
    `compressed ${files.length} web files: ${Math.round(before / 1024)} KiB -> ${Math.round(after / 1024)} KiB brotli in ${Math.round(performance.now() - started)} ms`,
  );
}

export function buildWeb() {
  const viteCli = join(
    dirname(createRequire(join(root, 'package.json')).resolve('vite/package.json')),
    'bin',
    'vite.js',
  );
  // The browser's bundle, then the server's render of public pages (web/vite.ssr.config.ts).
  for (const config of ['web/vite.config.ts', 'web/vite.ssr.config.ts']) {
    const run = spawnSync(process.execPath, [viteCli, 'build', '--config', config, '--logLevel', 'warn'], {
      cwd: root,
      stdio: 'inherit',
    });
    if (run.status !== 0) throw new Error(`the web build failed (${config}, exit ${run.status})`);
  }
  return precompressWeb();
}

export async function ensureWebBuild({ log = console.log } = {}) {
  if (!webBuildIsStale()) return;
  log('Building the web app...');
  await buildWeb();
}

async function main(step = 'all') {
  const steps = {
    server: () => buildServer(),
    template: () => buildPgliteTemplate(),
    web: () => buildWeb(),
    all: async () => {
      await buildServer();
      await ensurePgliteTemplate();
      await buildWeb();
    },
  };
  if (!(step in steps)) {
    console.error(`usage: node scripts/build.mjs [${Object.keys(steps).join('|')}]`);
    process.exit(2);
  }
  await steps[step]();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main(process.argv[2]);
