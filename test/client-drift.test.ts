/**
 * Issue 13 acceptance: "removing a field from a server response schema breaks `npm run typecheck`".
 * `npm run typecheck` regenerates client/ from the server (build-client --check) and type-checks
 * the web app against client/schema.d.ts. This test plays that chain with one field taken out:
 * it removes `remaining` from the FlashSaleSlot component of client/openapi.json, regenerates the
 * types with openapi-typescript into a scratch folder (as scripts/build-client.ts does), and
 * type-checks a real web file that reads the field (web/src/flash/slot-status.ts, through
 * web/src/api and the generated client, with web/tsconfig.json) against them with the TypeScript
 * compiler API: the check fails naming `remaining`, and the unmodified document checks clean.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const committedSchema = resolve(root, 'client/schema.d.ts');
/** A web file that reads `slot.remaining` (the venue's status badge and buy button use it). */
const webFile = resolve(root, 'web/src/flash/slot-status.ts');

type Document = { components: { schemas: Record<string, { properties?: object; required?: string[] }> } };

const scratch = mkdtempSync(join(tmpdir(), 'carnival-drift-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The document's types, generated as build-client generates them, written into the scratch folder. */
async function typesOf(document: Document, name: string): Promise<string> {
  const path = join(scratch, `${name}.d.ts`);
  writeFileSync(
    path,
    astToString(await openapiTS(structuredClone(document) as never, { exportType: false })),
  );
  return path;
}

const webOptions = (() => {
  const config = ts.readConfigFile(resolve(root, 'web/tsconfig.json'), ts.sys.readFile);
  return ts.parseJsonConfigFileContent(config.config, ts.sys, resolve(root, 'web')).options;
})();

// Parsed once for both checks: only the generated schema differs between them.
const parsed = new Map<string, ts.SourceFile>();

/** The diagnostics of type-checking the web file with client/schema.d.ts replaced by `schemaPath`. */
function typeCheck(schemaPath: string): string[] {
  const host = ts.createCompilerHost(webOptions);
  const redirect = (file: string) => (resolve(file) === committedSchema ? schemaPath : file);
  host.readFile = (file) => ts.sys.readFile(redirect(file));
  host.fileExists = (file) => ts.sys.fileExists(redirect(file));
  host.getSourceFile = (file, language) => {
    const source = redirect(file);
    if (source !== file) return ts.createSourceFile(file, readFileSync(source, 'utf8'), language);
    let hit = parsed.get(file);
    if (!hit) {
      const text = ts.sys.readFile(file);
      if (text === undefined) return undefined;
      hit = ts.createSourceFile(file, text, language);
      parsed.set(file, hit);
    }
    return hit;
  };
  const program = ts.createProgram({ rootNames: [webFile], options: webOptions, host });
  // The web file's own diagnostics (the checker resolves what it reads through web/src/api and the
  // generated client); the rest of the web app is `npm run typecheck`'s, not this test's.
  const file = program.getSourceFile(webFile)!;
  return [
    ...program.getOptionsDiagnostics(),
    ...program.getSyntacticDiagnostics(file),
    ...program.getSemanticDiagnostics(file),
  ].map(
    (d) =>
      `${d.file ? `${d.file.fileName.slice(root.length + 1)}: ` : ''}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
  );
}

describe('a response field removed from the OpenAPI document', () => {
  const document = JSON.parse(readFileSync(resolve(root, 'client/openapi.json'), 'utf8')) as Document;

  it('type-checks the web file clean against the document as it is', async () => {
    expect(document.components.schemas.FlashSaleSlot?.properties).toHaveProperty('remaining');
    expect(typeCheck(await typesOf(document, 'unchanged'))).toEqual([]);
  }, 60_000);

  it('fails the type-check of the web file that reads it, naming the field', async () => {
    const changed = structuredClone(document);
    const slot = changed.components.schemas.FlashSaleSlot!;
    delete (slot.properties as Record<string, unknown>).remaining;
    slot.required = slot.required?.filter((f) => f !== 'remaining');
    const errors = typeCheck(await typesOf(changed, 'without-remaining'));
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join('\n')).toMatch(
      /web\/src\/flash\/slot-status\.ts: Property 'remaining' does not exist/,
    );
  }, 60_000);
});
