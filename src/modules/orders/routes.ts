import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf, requireRole } from '../../platform/auth';
import { noContent } from '../../platform/http/api-schemas';
import { idempotencyKeyOf } from '../../platform/http/idempotency';
import { sendIdempotent } from '../../platform/http/idempotent-reply';
import {
  cartAnswer,
  orderAnswer,
  orderPageSchema,
  paymentAnswer,
  subOrderAnswer,
  subOrderPageSchema,
} from './responses';
import {
  cartItemSchema,
  cartQuerySchema,
  checkoutSchema,
  flashCheckoutSchema,
  idParams,
  merchantOrdersQuerySchema,
  orderListQuerySchema,
  shipSchema,
} from './schemas';
import type { OrdersService } from './service';

export interface OrdersRoutesOptions {
  orders: OrdersService;
}

/** Cart, checkout, payment and the order lifecycle. Amounts are integers in fen. */
export async function ordersRoutes(app: FastifyInstance, { orders }: OrdersRoutesOptions) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const cartTags = ['cart'];
  const tags = ['orders'];

  r.get(
    '/api/cart',
    {
      schema: {
        tags: cartTags,
        summary: 'Your cart in a campaign, priced as the venue prices it, with 凑单 hints',
        querystring: cartQuerySchema,
        response: { 200: cartAnswer },
      },
      config: { scope: 'orders:read' },
      preHandler: requireRole('consumer'),
    },
    async (request) => ({ cart: await orders.cart.get(actorOf(request), request.query.campaignId) }),
  );

  r.put(
    '/api/cart/items',
    {
      schema: {
        tags: cartTags,
        summary: 'Set a line’s quantity (0 removes it)',
        body: cartItemSchema,
        response: { 200: cartAnswer },
      },
      config: { scope: 'orders:write' },
      preHandler: requireRole('consumer'),
    },
    async (request) => ({ cart: await orders.cart.setItem(actorOf(request), request.body) }),
  );

  r.delete(
    '/api/cart',
    {
      schema: {
        tags: cartTags,
        summary: 'Empty your cart in a campaign',
        querystring: cartQuerySchema,
        response: { 204: noContent },
      },
      config: { scope: 'orders:write' },
      preHandler: requireRole('consumer'),
    },
    async (request, reply) => {
      await orders.cart.clear(actorOf(request), request.query.campaignId);
      return reply.status(204).send(null);
    },
  );

  r.post(
    '/api/checkout',
    {
      schema: {
        tags,
        summary: 'Check out your cart (Idempotency-Key required): one order, one sub-order per store',
        body: checkoutSchema,
        response: { 201: orderAnswer },
      },
      config: { scope: 'orders:write' },
      preHandler: requireRole('consumer'),
    },
    async (request, reply) => {
      const key = idempotencyKeyOf(request);
      return sendIdempotent(reply, await orders.checkout(actorOf(request), request.body, key));
    },
  );

  r.post(
    '/api/flash-sales/reservations/:id/checkout',
    {
      config: { scope: 'session-only' },
      schema: {
        tags,
        summary:
          'Check out a flash-sale reservation (Idempotency-Key required): one order at the flash price, no other promotions',
        params: idParams,
        // The body is optional: `{ expectedTotal }` only when the client wants the price confirmed.
        body: flashCheckoutSchema.nullish(),
        response: { 201: orderAnswer },
      },
      preHandler: requireRole('consumer'),
    },
    async (request, reply) => {
      const key = idempotencyKeyOf(request);
      return sendIdempotent(
        reply,
        await orders.checkoutReservation(actorOf(request), request.params.id, request.body ?? {}, key),
      );
    },
  );

  r.post(
    '/api/orders/:id/pay',
    {
      schema: {
        tags,
        summary: 'Pay the amount due (total, deposit or balance) from your wallet (Idempotency-Key required)',
        params: idParams,
        response: { 200: paymentAnswer },
      },
      config: { scope: 'orders:write' },
      preHandler: requireRole('consumer'),
    },
    async (request, reply) => {
      const key = idempotencyKeyOf(request);
      return sendIdempotent(reply, await orders.pay(actorOf(request), request.params.id, key));
    },
  );

  r.post(
    '/api/orders/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel an unpaid order; its stock and coupons are given back (Idempotency-Key required)',
        params: idParams,
        response: { 200: orderAnswer },
      },
      config: { scope: 'orders:write' },
      preHandler: requireRole('consumer'),
    },
    async (request, reply) => {
      const key = idempotencyKeyOf(request);
      return sendIdempotent(reply, await orders.cancel(actorOf(request), request.params.id, key));
    },
  );

  r.get(
    '/api/orders',
    {
      schema: {
        tags,
        summary: 'Your orders, newest first (operators: all)',
        querystring: orderListQuerySchema,
        response: { 200: orderPageSchema },
      },
      config: { scope: 'orders:read' },
      preHandler: requireRole('consumer', 'operator'),
    },
    async (request) => ({
      ...(await orders.list(actorOf(request), request.query)),
      limit: request.query.limit,
      offset: request.query.offset,
    }),
  );

  r.get(
    '/api/orders/:id',
    {
      schema: {
        tags,
        summary: 'One of your orders with its sub-orders, lines and events',
        params: idParams,
        response: { 200: orderAnswer },
      },
      config: { scope: 'orders:read' },
      preHandler: requireRole('consumer', 'operator'),
    },
    async (request) => ({ order: await orders.get(actorOf(request), request.params.id) }),
  );

  r.get(
    '/api/merchant/orders',
    {
      schema: {
        tags,
        summary: 'Sub-orders of your stores (operators: any store)',
        querystring: merchantOrdersQuerySchema,
        response: { 200: subOrderPageSchema },
      },
      config: { scope: 'orders:read' },
      preHandler: requireRole('merchant', 'operator'),
    },
    async (request) => ({
      ...(await orders.listForMerchant(actorOf(request), request.query)),
      limit: request.query.limit,
      offset: request.query.offset,
    }),
  );

  r.post(
    '/api/sub-orders/:id/ship',
    {
      schema: {
        tags,
        summary: 'Ship a paid sub-order (the store’s staff)',
        params: idParams,
        body: shipSchema,
        response: { 200: subOrderAnswer },
      },
      config: { scope: 'orders:write' },
      preHandler: requireRole('merchant'),
    },
    async (request) => ({ subOrder: await orders.ship(actorOf(request), request.params.id, request.body) }),
  );

  r.post(
    '/api/sub-orders/:id/deliver',
    {
      schema: {
        tags,
        summary: 'Mark a shipped sub-order delivered (store staff or operator)',
        params: idParams,
        response: { 200: subOrderAnswer },
      },
      config: { scope: 'orders:write' },
      preHandler: requireRole('merchant', 'operator'),
    },
    async (request) => ({ subOrder: await orders.deliver(actorOf(request), request.params.id) }),
  );

  r.post(
    '/api/sub-orders/:id/confirm',
    {
      schema: {
        tags,
        summary: 'Confirm receipt (确认收货): the sub-order completes',
        params: idParams,
        response: { 200: subOrderAnswer },
      },
      config: { scope: 'orders:write' },
      preHandler: requireRole('consumer'),
    },
    async (request) => ({ subOrder: await orders.confirm(actorOf(request), request.params.id) }),
  );
}
