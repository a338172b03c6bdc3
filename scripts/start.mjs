// `npm start`: build what is missing or older than its sources (the server bundle, the PGlite
// template, the web app), then run `carnival serve` from the build in this process (extra
// arguments pass through: `npm start -- --port 4000`).
import { pathToFileURL } from 'node:url';
import { ensurePgliteTemplate, ensureServerBuild, ensureWebBuild, SERVER_BUNDLE } from './build.mjs';

try {
  await ensureServerBuild();
  await ensurePgliteTemplate();
  await ensureWebBuild({ log: () => console.log('Building the web app (first start, or web/ changed)...') });
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
}
// The compiled CLI reads its command from process.argv, as if started as `carnival serve ...`.
process.argv.splice(2, 0, 'serve');
await import(pathToFileURL(SERVER_BUNDLE).href);
