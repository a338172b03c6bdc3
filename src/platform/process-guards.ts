import type { Logger } from './logger';

/**
 * What a serving process does with errors nobody caught (docs/operations.md).
 *
 * - An unhandled promise rejection is logged and the process keeps serving. Request paths are
 *   all awaited by Fastify, so a stray rejection comes from background work (a timer, a
 *   fire-and-forget notify, a driver's internal promise during an outage); Node's default of
 *   exiting would drop every in-flight request for it, and under a supervisor a dependency
 *   outage would turn into a restart loop of healthy processes.
 * - An uncaught exception is logged and the process exits 1: the exception unwound a stack
 *   half-way through something, state may be inconsistent, and the supervisor restarts a
 *   clean process. Nothing acknowledged is lost (the database and the outbox hold it).
 */
export function installProcessGuards(logger: Logger, exit: (code: number) => void = process.exit): void {
  process.on('unhandledRejection', (reason) => {
    logger.error({ err: reason }, 'unhandled promise rejection (logged; the process keeps serving)');
  });
  process.on('uncaughtException', (err) => {
    logger.fatal({ err }, 'uncaught exception; exiting so the supervisor restarts a clean process');
    exit(1);
  });
}
