import type { FastifyInstance } from 'fastify';
import { AppError } from '../../platform/errors';
import { priceCart } from './engine';
import { parseScenario } from './scenario-schema';

/**
 * HTTP, thin: `POST /api/pricing/quote` takes a scenario (docs/pricing.md) and returns the
 * priced cart. Validation is parseScenario's, so the errors name JSON paths
 * (`$.lines[0].quantity`) the same way the CLI does.
 */
export async function pricingRoutes(app: FastifyInstance): Promise<void> {
  app.post(
    '/api/pricing/quote',
    {
      schema: {
        description:
          'Price a cart under the promotions in force (layered: item, store, cross_store, platform).',
        tags: ['pricing'],
      },
    },
    async (request) => {
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
