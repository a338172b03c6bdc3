import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, requireRole } from '../../platform/auth';
import { idempotencyKeyOf } from '../../platform/http/idempotency';
import { sendIdempotent } from '../../platform/http/idempotent-reply';
import { CATEGORIES } from './categories';
import {
  categoryListSchema,
  productAnswerSchema,
  productPageSchema,
  skuAnswerSchema,
  skuPriceHistorySchema,
} from './responses';
import {
  priceChangeSchema,
  priceHistoryQuerySchema,
  productDraftSchema,
  productListQuerySchema,
  productPatchSchema,
  skuDraftSchema,
  stockAdjustSchema,
} from './schemas';
import type { CatalogService } from './service';

export interface CatalogRoutesOptions {
  catalog: CatalogService;
}

const idParams = z.object({ id: z.string().min(1).max(100) });

export async function catalogRoutes(app: FastifyInstance, { catalog }: CatalogRoutesOptions) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['catalog'];
  const staff = requireRole('merchant');
  const readers = requireRole('merchant', 'operator');

  r.get(
    '/api/categories',
    {
      config: { scope: 'unscoped' },
      schema: {
        tags,
        summary: 'The category codes (a fixed two-level list)',
        response: { 200: categoryListSchema },
      },
    },
    async () => ({ items: [...CATEGORIES] }),
  );

  r.get(
    '/api/stores/:id/products',
    {
      schema: {
        tags,
        summary: 'A store’s products with their SKUs',
        params: idParams,
        querystring: productListQuerySchema,
        response: { 200: productPageSchema },
      },
      config: { scope: 'catalog:read' },
      preHandler: readers,
    },
    (request) => catalog.listProducts(actorOf(request), request.params.id, request.query),
  );

  r.post(
    '/api/stores/:id/products',
    {
      schema: {
        tags,
        summary: 'Create a product with its SKUs (store members)',
        params: idParams,
        body: productDraftSchema,
        response: { 201: productAnswerSchema },
      },
      config: { scope: 'catalog:write', idempotent: true },
      preHandler: staff,
    },
    async (request, reply) =>
      reply
        .status(201)
        .send({ product: await catalog.createProduct(actorOf(request), request.params.id, request.body) }),
  );

  r.get(
    '/api/products/:id',
    {
      schema: {
        tags,
        summary: 'One product with its SKUs',
        params: idParams,
        response: { 200: productAnswerSchema },
      },
      config: { scope: 'catalog:read' },
      preHandler: readers,
    },
    async (request) => ({ product: await catalog.getProduct(actorOf(request), request.params.id) }),
  );

  r.patch(
    '/api/products/:id',
    {
      schema: {
        tags,
        summary: 'Edit a product; send the version you edited',
        params: idParams,
        body: productPatchSchema,
        response: { 200: productAnswerSchema },
      },
      config: { scope: 'catalog:write' },
      preHandler: staff,
    },
    async (request) => ({
      product: await catalog.updateProduct(actorOf(request), request.params.id, request.body),
    }),
  );

  r.post(
    '/api/products/:id/skus',
    {
      schema: {
        tags,
        summary: 'Add a SKU to a product',
        params: idParams,
        body: skuDraftSchema,
        response: { 201: skuAnswerSchema },
      },
      config: { scope: 'catalog:write', idempotent: true },
      preHandler: staff,
    },
    async (request, reply) =>
      reply
        .status(201)
        .send({ sku: await catalog.addSku(actorOf(request), request.params.id, request.body) }),
  );

  r.put(
    '/api/skus/:id/price',
    {
      schema: {
        tags,
        summary: 'Change a SKU’s list price (recorded in its price history)',
        params: idParams,
        body: priceChangeSchema,
        response: { 200: skuAnswerSchema },
      },
      config: { scope: 'catalog:write' },
      preHandler: staff,
    },
    async (request) => ({
      sku: await catalog.changePrice(
        actorOf(request),
        request.params.id,
        request.body.price,
        request.body.version,
      ),
    }),
  );

  r.post(
    '/api/skus/:id/stock',
    {
      schema: {
        tags,
        summary: 'Move stock on hand by a delta, never below zero (Idempotency-Key required)',
        params: idParams,
        body: stockAdjustSchema,
        response: { 200: skuAnswerSchema },
      },
      config: { scope: 'catalog:write' },
      preHandler: staff,
    },
    async (request, reply) =>
      sendIdempotent(
        reply,
        await catalog.adjustStock(
          actorOf(request),
          request.params.id,
          request.body.delta,
          idempotencyKeyOf(request),
        ),
      ),
  );

  r.get(
    '/api/skus/:id/price-history',
    {
      schema: {
        tags,
        summary: 'Price changes of a SKU and its lowest price over the last 30 days',
        params: idParams,
        querystring: priceHistoryQuerySchema,
        response: { 200: skuPriceHistorySchema },
      },
      config: { scope: 'catalog:read' },
      preHandler: readers,
    },
    (request) => catalog.history(actorOf(request), request.params.id, request.query),
  );
}
