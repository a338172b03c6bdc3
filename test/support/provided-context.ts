/** What the global setup hands the test files (vitest's provide/inject). */
declare module 'vitest' {
  export interface ProvidedContext {
    /** A per-run folder for the browser tests' seeded demo year (test/e2e/demo-template.ts). */
    demoTemplateRoot: string;
  }
}

export {};
