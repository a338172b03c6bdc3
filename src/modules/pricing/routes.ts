import type { FastifyInstance } from 'fastify';
import { AppError } from '../../platform/errors';
import { priceCart } from './engine';
import { assertQuoteWithinCaps, DEFAULT_QUOTE_CAPS, type QuoteCaps } from './quote-caps';
import { pricedCartSchema } from './responses';
import { parseScenario } from './scenario-schema';

/**
 * HTTP, thin: `POST /api/pricing/quote` takes a scenario (docs/pricing.md) and returns the
 * priced cart. Validation is parseScenario's, so the errors name JSON paths
 * (`$.lines[0].quantity`) the same way the CLI does.
 */
export async function pricingRoutes(
  app: FastifyInstance,
  { caps = DEFAULT_QUOTE_CAPS }: { caps?: QuoteCaps } = {},
): Promise<void> {
  app.post(
    '/api/pricing/quote',
    {
      schema: {
        description:
          'Price a cart under the promotions in force (layered: item, store, cross_store, platform).',
        tags: ['pricing'],
        response: { 200: pricedCartSchema },
      },
      // Anonymous and CPU-bound: rate-limited per IP, and capped in size below.
      config: { limits: ['quotePerIp'], scope: 'unscoped' },
    },
    async (request) => {
      assertQuoteWithinCaps(request.body, caps);
      const parsed = parseScenario(request.body ?? null);
      if (!parsed.ok) {
        throw new AppError('VALIDATION_FAILED', 'Invalid scenario', 400, {
          field: parsed.errors[0]?.path,
          issues: parsed.errors,
        });
      }
      return priceCart(parsed.scenario);
    },
  );
}
