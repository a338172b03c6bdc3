/** The pricing module's public surface: price a cart, validate a scenario, the types. */
export { priceCart } from './engine';
export { parseScenario, scenarioSchema, toJsonPath } from './scenario-schema';
export { pricingRoutes } from './routes';
export type * from './model';
export { DEFAULT_LAYERS, LAYERS } from './model';
