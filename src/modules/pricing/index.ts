/** The pricing module's public surface: price a cart, validate a scenario, the types. */
export { priceCart } from './engine';
export type * from './model';
export { DEFAULT_LAYERS, LAYERS } from './model';
export { DEFAULT_QUOTE_CAPS, type QuoteCaps } from './quote-caps';
export { pricedCartSchema, promotionSchema } from './responses';
export { pricingRoutes } from './routes';
export { parseScenario, scenarioSchema, toJsonPath } from './scenario-schema';
