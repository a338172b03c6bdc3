import type { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { AppError } from '../../platform/errors';
import {
  createStrengthPool,
  type StrengthCheck,
  type StrengthPool,
  StrengthWorkerError,
} from './password-strength-pool';

/** Issue 7 point 10: long enough, and not guessable by a strength estimator. */
export const PASSWORD_MIN_LENGTH = 10;
/** zxcvbn's 0..4; 3 is "safely unguessable: moderate protection from offline slow-hash attacks". */
export const PASSWORD_MIN_SCORE = 3;

export interface PasswordContext {
  email?: string;
  displayName?: string;
}

export type StrengthVerdict = { ok: true; score: number } | { ok: false; score: number; reason: string };

// The dictionaries are a few MB; load them on the first check, once per process, so that
// commands that never see a password (migrate, verify) do not pay for them.
let estimator: Promise<ZxcvbnFactory> | undefined;
function loadEstimator(): Promise<ZxcvbnFactory> {
  estimator ??= (async () => {
    const [{ ZxcvbnFactory }, common, en] = await Promise.all([
      import('@zxcvbn-ts/core'),
      import('@zxcvbn-ts/language-common'),
      import('@zxcvbn-ts/language-en'),
    ]);
    return new ZxcvbnFactory({
      translations: en.translations,
      graphs: common.adjacencyGraphs,
      dictionary: { ...common.dictionary, ...en.dictionary },
      useLevenshteinDistance: true,
    });
  })();
  return estimator;
}

/** The estimator on this thread: the fallback when no worker can answer, and the tests' reference. */
export async function checkInThread(password: string, inputs: string[]): Promise<StrengthCheck> {
  const r = (await loadEstimator()).check(password, inputs);
  return { score: r.score, warning: r.feedback.warning ?? null, suggestions: r.feedback.suggestions ?? [] };
}

// The process's worker pool, made on the first check (password-strength-pool.ts says why).
let pool: StrengthPool | undefined;
let workersBroken = false;
async function check(password: string, inputs: string[]): Promise<StrengthCheck> {
  if (workersBroken) return checkInThread(password, inputs);
  pool ??= createStrengthPool();
  try {
    return await pool.check(password, inputs);
  } catch (err) {
    // 503 LOGIN_BUSY (a full queue) goes to the caller; a worker that cannot start or answer
    // must not stop sign-ups, so the check runs here instead, and stays here if that repeats.
    if (!(err instanceof StrengthWorkerError)) throw err;
    if (pool.stats().workers === 0) workersBroken = true;
    return checkInThread(password, inputs);
  }
}

/** Ends the worker threads (tests; a server's exit does not wait for them). */
export async function closePasswordStrengthPool(): Promise<void> {
  await pool?.close();
  pool = undefined;
}

const alnum = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

/** The words a guesser who knows the account would try first. */
function userInputs({ email, displayName }: PasswordContext): string[] {
  const inputs: string[] = [];
  if (email) {
    const [local = '', domain = ''] = email.toLowerCase().split('@');
    inputs.push(email.toLowerCase(), local, ...local.split(/[^\p{L}\p{N}]+/u), ...domain.split('.'));
  }
  if (displayName) inputs.push(displayName, ...displayName.split(/\s+/));
  inputs.push('carnival');
  return inputs.filter((w) => w.length >= 3);
}

export async function judgePassword(
  password: string,
  context: PasswordContext = {},
): Promise<StrengthVerdict> {
  if (password.length < PASSWORD_MIN_LENGTH)
    return { ok: false, score: 0, reason: `It must be at least ${PASSWORD_MIN_LENGTH} characters long.` };
  // zxcvbn finds the e-mail inside the password only as a whole word; a local part with a year
  // appended ("mei2024!") is the first thing a guesser tries, so refuse it outright.
  const local = alnum(context.email?.split('@')[0] ?? '');
  if (local.length >= 3 && alnum(password).includes(local))
    return { ok: false, score: 0, reason: 'It contains your e-mail address.' };
  const result = await check(password, userInputs(context));
  if (result.score >= PASSWORD_MIN_SCORE) return { ok: true, score: result.score };
  const why = result.warning ?? 'It is too easy to guess.';
  const hint = result.suggestions[0];
  return { ok: false, score: result.score, reason: hint ? `${why} ${hint}` : why };
}

/** Throws 400 WEAK_PASSWORD naming `field` and saying why. */
export async function assertStrongPassword(
  password: string,
  context: PasswordContext,
  field: 'password' | 'newPassword' = 'password',
): Promise<void> {
  const verdict = await judgePassword(password, context);
  if (!verdict.ok)
    throw new AppError('WEAK_PASSWORD', `${field}: this password is too weak. ${verdict.reason}`, 400, {
      field,
      score: verdict.score,
      reason: verdict.reason,
      minLength: PASSWORD_MIN_LENGTH,
    });
}
