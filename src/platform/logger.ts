import pino, { type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({ level, base: { app: 'carnival' }, timestamp: pino.stdTimeFunctions.isoTime });
}

/** For tests and CLI commands that print their own output. */
export const silentLogger: Logger = pino({ level: 'silent' });
