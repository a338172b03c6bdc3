// Types for scripts/build.mjs (plain JavaScript: it runs before anything is compiled).
type Log = { log?: (line: string) => void };
export const root: string;
export const SERVER_BUNDLE: string;
export const PGLITE_TEMPLATE: string;
export function serverBuildIsStale(): boolean;
export function buildServer(options?: Log): Promise<void>;
export function ensureServerBuild(options?: Log): Promise<void>;
export function templateIsStale(): boolean;
export function buildPgliteTemplate(options?: Log): Promise<void>;
export function ensurePgliteTemplate(options?: Log): Promise<void>;
export function migrationsHash(dir?: string): string;
export function webBuildIsStale(): boolean;
export function precompressWeb(options?: Log): Promise<void>;
export function buildWeb(): Promise<void>;
export function ensureWebBuild(options?: Log): Promise<void>;
