import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSpaShell } from './page-hints';

const INDEX = `<!doctype html><html><head><title>Carnival</title>
<script type="module" crossorigin src="/assets/index-AAAAAAAA.js"></script>
<link rel="modulepreload" crossorigin href="/assets/react-BBBBBBBB.js">
</head><body><div id="root"></div></body></html>`;

const MANIFEST = {
  'index.html': { file: 'assets/index-AAAAAAAA.js', imports: ['_react-BBBBBBBB.js'] },
  '_react-BBBBBBBB.js': { file: 'assets/react-BBBBBBBB.js' },
  '_select-CCCCCCCC.js': { file: 'assets/select-CCCCCCCC.js', imports: ['_react-BBBBBBBB.js'] },
  'src/programme/agenda/AgendaPage.tsx': {
    file: 'assets/AgendaPage-DDDDDDDD.js',
    imports: ['index.html', '_react-BBBBBBBB.js', '_select-CCCCCCCC.js'],
    css: ['assets/programme-EEEEEEEE.css'],
  },
};

const roots: string[] = [];
function webRoot(manifest: object | null = MANIFEST): string {
  const root = mkdtempSync(join(tmpdir(), 'carnival-shell-'));
  roots.push(root);
  writeFileSync(join(root, 'index.html'), INDEX);
  if (manifest) {
    mkdirSync(join(root, '.vite'));
    writeFileSync(join(root, '.vite', 'manifest.json'), JSON.stringify(manifest));
  }
  return root;
}
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

describe('the SPA shell with page hints', () => {
  it("names the agenda's chunk, the chunks the shell lacks, its style and its two API answers", () => {
    const html = createSpaShell(webRoot()).htmlFor('/events/2027-apsara/agenda')!;
    const head = html.slice(0, html.indexOf('</head>'));
    expect(head).toContain('<link rel="preload" as="fetch" crossorigin href="/api/campaigns/2027-apsara">');
    expect(head).toContain(
      '<link rel="preload" as="fetch" crossorigin href="/api/events/2027-apsara/agenda">',
    );
    expect(head).toContain('<link rel="modulepreload" crossorigin href="/assets/AgendaPage-DDDDDDDD.js">');
    expect(head).toContain('<link rel="modulepreload" crossorigin href="/assets/select-CCCCCCCC.js">');
    expect(head).toContain(
      '<link rel="preload" as="style" crossorigin href="/assets/programme-EEEEEEEE.css">',
    );
    // What index.html already loads is not named twice.
    expect(head.split('/assets/react-BBBBBBBB.js').length - 1).toBe(1);
    expect(head.split('/assets/index-AAAAAAAA.js').length - 1).toBe(1);
    expect(createSpaShell(webRoot()).htmlFor('/events/2027-apsara/agenda/')).toBe(html);
  });

  it('leaves every other path, and any slug that is not one, to index.html as built', () => {
    const shell = createSpaShell(webRoot());
    for (const path of [
      '/',
      '/events/2027-apsara',
      '/events/2027-apsara/venue',
      '/events/2027-apsara/agenda/x',
      '/events/Bad_Slug/agenda',
      '/events/a"><script>alert(1)<%2Fscript>/agenda',
      '/events//agenda',
    ])
      expect(shell.htmlFor(path), path).toBeNull();
  });

  it('hints nothing without a manifest (a build from before it, or a dev server)', () => {
    expect(createSpaShell(webRoot(null)).htmlFor('/events/2027-apsara/agenda')).toBeNull();
  });
});
