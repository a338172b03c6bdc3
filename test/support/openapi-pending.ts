/**
 * Operations whose success answer is not documented yet (issue 13: every route declares its response
 * schema). test/openapi-complete.test.ts fails when one here becomes documented, so the list only shrinks.
 * Add nothing: a new route declares its schema from the start.
 */
export const OPENAPI_PENDING = new Set<string>([
  'POST /api/flash-sales/reservations/{id}/checkout',
]);
