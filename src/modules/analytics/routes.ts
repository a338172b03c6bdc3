import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, requireRole } from '../../platform/auth';
import { reportToCsv } from './csv';
import {
  campaignReportSchema,
  screenSnapshotSchema,
  screenVerificationSchema,
  storeAnalyticsSchema,
  visitInputSchema,
} from './schemas';
import type { AnalyticsModule } from './service';
import { closeAllScreens, openScreenStream, type StreamLimits } from './stream';

const screenParams = z.object({ campaignId: z.string().min(1).max(100) });
const idParams = z.object({ id: z.string().min(1).max(100) });
const tags = ['analytics'];

export async function analyticsRoutes(
  app: FastifyInstance,
  { analytics, stream }: { analytics: AnalyticsModule; stream?: Partial<StreamLimits> },
) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const limits: StreamLimits = { maxClients: 5000, heartbeatMs: 1000, ...stream };
  // Before the server stops listening: open streams would otherwise hold its close forever.
  app.addHook('preClose', async () => closeAllScreens());

  // The screen is public for a campaign the caller may open (Double 11's GMV is shown to the press).
  r.get(
    '/api/screen/:campaignId',
    {
      config: { scope: 'analytics:read' },
      schema: {
        tags,
        summary: 'The live big screen of a campaign (a snapshot with its seq)',
        params: screenParams,
        response: { 200: screenSnapshotSchema },
      },
    },
    async (request) => analytics.snapshot(request.params.campaignId, request.actor),
  );

  r.get(
    '/api/screen/:campaignId/stream',
    {
      config: { scope: 'analytics:read' },
      schema: {
        tags,
        summary: 'The screen as Server-Sent Events',
        description:
          '`text/event-stream`. Each `snapshot` event has `id: <seq>` and a ScreenSnapshot as data; a `tick` ' +
          'at least every second when nothing changed. A reconnecting client sends `Last-Event-ID` (or ' +
          '`?lastEventId=`) and gets a snapshot only if the campaign moved past it: snapshots are cumulative, ' +
          'so nothing is counted twice. 503 when this process serves its maximum of clients.',
        params: screenParams,
        querystring: z.object({ lastEventId: z.coerce.number().int().min(0).optional() }),
        response: { 200: z.string().describe('text/event-stream') },
      },
    },
    async (request, reply) => {
      const campaign = await analytics.campaignOf(request.params.campaignId, request.actor);
      const header = request.headers['last-event-id'];
      const fromHeader = typeof header === 'string' && /^\d+$/.test(header) ? Number(header) : undefined;
      await openScreenStream(request, reply, {
        analytics,
        campaignId: campaign.id,
        lastSeq: fromHeader ?? request.query.lastEventId ?? null,
        limits,
      });
    },
  );

  r.get(
    '/api/screen/:campaignId/verify',
    {
      preHandler: requireRole('operator'),
      config: { scope: 'analytics:read' },
      schema: {
        tags,
        summary: 'The screen’s figures against SQL over the orders, and their difference (operators)',
        params: screenParams,
        response: { 200: screenVerificationSchema },
      },
    },
    async (request) => analytics.verify(request.params.campaignId, request.actor),
  );

  r.get(
    '/api/stores/:id/analytics',
    {
      preHandler: requireRole('merchant', 'operator'),
      config: { scope: 'analytics:read' },
      schema: {
        tags,
        summary: 'A store in one campaign, against the previous edition (the store’s members and operators)',
        params: idParams,
        querystring: z.object({ campaignId: z.string().min(1).max(100) }),
        response: { 200: storeAnalyticsSchema },
      },
    },
    async (request) =>
      analytics.storeAnalytics(actorOf(request), request.params.id, request.query.campaignId),
  );

  r.get(
    '/api/campaigns/:id/report',
    {
      preHandler: requireRole('operator'),
      config: { scope: 'analytics:read' },
      schema: {
        tags,
        summary: 'The post-event report (复盘), once the campaign has ended (operators)',
        params: idParams,
        response: { 200: campaignReportSchema },
      },
    },
    async (request) => analytics.report(actorOf(request), request.params.id),
  );

  r.get(
    '/api/campaigns/:id/report.csv',
    {
      preHandler: requireRole('operator'),
      config: { scope: 'analytics:read' },
      schema: {
        tags,
        summary: 'The post-event report as CSV (UTF-8 with BOM, for spreadsheets)',
        params: idParams,
        response: { 200: z.string().describe('text/csv') },
      },
    },
    async (request, reply) => {
      const report = await analytics.report(actorOf(request), request.params.id);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="report-${report.campaignId}.csv"`)
        .send(reportToCsv(report));
    },
  );

  r.post(
    '/api/analytics/visits',
    {
      preHandler: requireRole('consumer', 'merchant', 'operator', 'organizer', 'partner'),
      config: { scope: 'session-only' },
      schema: {
        tags,
        summary: 'A page view of a campaign, store or SKU (distinct visitors a day)',
        body: visitInputSchema,
        response: { 200: z.object({ counted: z.boolean() }) },
      },
    },
    async (request) => analytics.recordVisit(actorOf(request), request.body),
  );
}
