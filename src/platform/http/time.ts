import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Clock } from '../clock';

const serverTimeSchema = z.object({
  now: z.string().describe('The server clock as ISO 8601 (UTC)'),
  epochMs: z.number().int().describe('The same instant in milliseconds since the epoch'),
});

export type ServerTime = z.infer<typeof serverTimeSchema>;

/**
 * `GET /api/time`: the server's clock, for pages that count down to a moment the server decides
 * (a flash sale opens when the server says so, not when a visitor's laptop thinks it is
 * midnight). The page measures its offset NTP-style (web/src/app/server-clock.ts). Public,
 * touches no dependency, and never cached: a cached answer would be a wrong clock.
 */
export function installTimeRoute(app: FastifyInstance, deps: { clock: Clock }): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/time',
    {
      schema: {
        tags: ['ops'],
        summary: 'The server clock (no-store), for countdowns synchronised to the server',
        response: { 200: serverTimeSchema },
      },
    },
    async (_request, reply) => {
      const now = deps.clock.now();
      reply.header('cache-control', 'no-store');
      return { now: now.toISOString(), epochMs: now.getTime() };
    },
  );
}
