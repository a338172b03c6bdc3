/**
 * What an API key may do (issue 13, item 2): the one closed list of scopes, and what a route
 * declares instead of a scope. A key carries scopes; every /api route declares, in its options,
 * the scope a key needs to call it (`config: { scope: 'orders:read' }`). Sessions are not
 * scoped: a person at a browser has their role, nothing less.
 *
 * Scopes are `<area>:read` (GET routes, and POSTs that only compute) or `<area>:write`. A write
 * scope does not imply the read scope: a key that posts stock moves need not read orders.
 */
export const SCOPES = {
  'campaigns:read': 'Campaigns, series, venues, enrollment and after-sale rules',
  'campaigns:write': 'Create, edit and move campaigns and series; enrollment and after-sale rules',
  'stores:read': 'Stores, their members and invitations',
  'stores:write': 'Open and edit stores (membership changes need a browser session)',
  'catalog:read': 'Products, SKUs and price history',
  'catalog:write': 'Create and edit products and SKUs; prices; stock moves',
  'enrollment:read': 'Enrollments and nominations (招商)',
  'enrollment:write': 'Enroll, nominate, withdraw, review; campaign price drops',
  'promotions:read': 'Coupons, budgets, allowances',
  'promotions:write': 'Issue coupons and codes, claim and redeem, grant allowances, set budgets',
  'orders:read': 'Orders and sub-orders (customer and merchant views), the cart',
  'orders:write': 'Cart, checkout, pay, cancel, ship, deliver, confirm',
  'refunds:read': 'Refunds (customer and merchant views)',
  'refunds:write': 'Ask for, approve and reject refunds; cancel paid sub-orders; price protection',
  'ledger:read': 'Wallet balance, top-ups, settlements, the trial balance',
  'ledger:write': 'Wallet top-ups and their refunds',
  'audit:read': 'The audit trail (operators)',
  'users:read': 'The user directory (operators)',
  'flash-sales:read': 'Flash-sale slots (operators: all; merchants: their stores) and their live stats',
  'flash-sales:write':
    'Create, pause and resume flash-sale slots (operators); reservations need a browser session',
  'webhooks:read': 'Webhook endpoints and their delivery log',
  'webhooks:write': 'Subscribe, change and replay webhook endpoints',
  'analytics:read': 'The live screen, store analytics and post-event reports',
  'charity:read': 'Charities, projects, donations and disbursements (the public pages need no key)',
  'charity:write': 'Register and verify charities, projects, charity items (公益宝贝) and disbursements',
  'trace:read': 'The serials and lots of your stores and their event counts (the trace pages need no key)',
  'trace:write': 'Register item serials and lots of your stores and append their provenance events (溯源)',
  'tickets:read': 'Ticket shops, your tickets and waiting lists; organizers: setup, orders, attendees',
  'tickets:write': 'Hold, buy, cancel and transfer tickets; organizers: types, quotas, questions, vouchers',
  'checkin:read': 'Ticket QR codes, check-in lists, staff, attendance and the offline download',
  'checkin:write': 'Check tickets in, sync offline scans, manage check-in lists and staff',
  'programme:read':
    'Your saved sessions, feed URL, notices and speaker feedback; organizers: the draft schedule, seats, feedback',
  'programme:write':
    'Save sessions, reserve workshop seats, rate sessions; organizers: tracks, rooms, sessions, placement, publishing',
  'cfp:read':
    'Calls for proposals, your proposals and review queue; organizers: proposals, reviewers, the dashboard',
  'cfp:write':
    'Submit, edit, withdraw and confirm proposals, invite co-speakers, review; organizers: settings, decisions',
} as const;

export type Scope = keyof typeof SCOPES;
export const SCOPE_NAMES = Object.keys(SCOPES) as Scope[];

/** The read scopes: what keys created before scopes existed were given (migration 0017). */
export const READ_SCOPES = SCOPE_NAMES.filter((s) => s.endsWith(':read'));

/**
 * What a route declares:
 * - a scope: keys need it;
 * - `session-only`: no key may ever call it (passwords, sessions, key management, membership,
 *   re-authentication), answered 403 SESSION_REQUIRED;
 * - `unscoped`: any key may call it, because the answer does not depend on what the key may
 *   touch (a price quote, who am I, a gateway's signed notification, sign-in forms).
 */
export type RouteScope = Scope | 'session-only' | 'unscoped';

export const isScope = (value: unknown): value is Scope => typeof value === 'string' && value in SCOPES;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What an API key needs to call this route (platform/auth/scopes.ts). Required on /api routes. */
    scope?: RouteScope;
  }
}

/**
 * What a key is limited to, beyond the role of its owner: scopes, and optionally stores and
 * campaigns (null = all the owner may touch) and its own rate (null = the configured default).
 */
export interface ApiKeyGrant {
  scopes: readonly Scope[];
  storeIds: readonly string[] | null;
  campaignIds: readonly string[] | null;
  ratePerMinute: number | null;
}
