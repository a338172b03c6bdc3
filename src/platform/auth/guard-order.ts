import type { FastifyInstance, RouteOptions } from 'fastify';
import { isActorGuard } from './actor';

type Hook = NonNullable<RouteOptions['preValidation']>;
const asList = (hooks: unknown): unknown[] => (hooks ? [hooks].flat() : []);

/**
 * Role and session guards are declared as `preHandler`s, which Fastify runs after validating the
 * body. Moved to `preValidation` they run first: an anonymous caller gets 401 before learning
 * anything about a route's input (a 400 naming fields), and no body is validated for a caller who
 * may not call the route. Guards that need the body (a re-typed password) stay where they are.
 * Register before the routes (it acts in onRoute).
 */
export function installGuardOrder(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const pre = asList(route.preHandler);
    const guards = pre.filter(isActorGuard);
    if (guards.length === 0) return;
    route.preHandler = pre.filter((h) => !isActorGuard(h)) as RouteOptions['preHandler'];
    route.preValidation = [...guards, ...asList(route.preValidation)] as Hook;
  });
}
