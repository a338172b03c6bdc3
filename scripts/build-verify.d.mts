import type { BuildOptions } from 'esbuild';
export const VERIFY_OUT: string;
export function verifyBuildOptions(): BuildOptions;
export function generateVerify(): Promise<Record<string, string>>;
