import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf, requireRole } from '../../platform/auth';
import { noContent } from '../../platform/http/api-schemas';
import { addressAnswer, addressListSchema } from './responses';
import { addressDraftSchema, addressIdParams } from './schemas';
import type { AddressesService } from './service';

/**
 * The shopper's address book (收货地址, docs/addresses.md). Addresses are part of ordering, so
 * they go under the orders scopes: an API key that may order for a customer may address it.
 */
export async function addressesRoutes(app: FastifyInstance, { addresses }: { addresses: AddressesService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['addresses'];
  const consumer = requireRole('consumer');

  r.get(
    '/api/me/addresses',
    {
      schema: {
        tags,
        summary: 'Your shipping addresses, the default first',
        response: { 200: addressListSchema },
      },
      config: { scope: 'orders:read' },
      preHandler: consumer,
    },
    async (request) => ({ items: await addresses.list(actorOf(request).userId) }),
  );

  r.post(
    '/api/me/addresses',
    {
      schema: {
        tags,
        summary: 'Save a shipping address (province/city/district codes of GB/T 2260, checked)',
        body: addressDraftSchema,
        response: { 201: addressAnswer },
      },
      config: { scope: 'orders:write', idempotent: true },
      preHandler: consumer,
    },
    async (request, reply) =>
      reply.status(201).send({ address: await addresses.create(actorOf(request).userId, request.body) }),
  );

  r.put(
    '/api/me/addresses/:id',
    {
      schema: {
        tags,
        summary: 'Change a shipping address (orders placed keep their copy)',
        params: addressIdParams,
        body: addressDraftSchema,
        response: { 200: addressAnswer },
      },
      config: { scope: 'orders:write' },
      preHandler: consumer,
    },
    async (request) => ({
      address: await addresses.update(actorOf(request).userId, request.params.id, request.body),
    }),
  );

  r.put(
    '/api/me/addresses/:id/default',
    {
      schema: {
        tags,
        summary: 'Make an address the default one',
        params: addressIdParams,
        response: { 200: addressAnswer },
      },
      config: { scope: 'orders:write' },
      preHandler: consumer,
    },
    async (request) => ({ address: await addresses.setDefault(actorOf(request).userId, request.params.id) }),
  );

  r.delete(
    '/api/me/addresses/:id',
    {
      schema: {
        tags,
        summary: 'Delete a shipping address',
        params: addressIdParams,
        response: { 204: noContent },
      },
      config: { scope: 'orders:write' },
      preHandler: consumer,
    },
    async (request, reply) => {
      await addresses.remove(actorOf(request).userId, request.params.id);
      return reply.status(204).send(null);
    },
  );
}
