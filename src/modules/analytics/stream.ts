import type { FastifyReply, FastifyRequest } from 'fastify';
import { serviceUnavailable } from '../../platform/errors';
import type { ScreenSnapshot } from './schemas';
import type { AnalyticsModule } from './service';

export interface StreamLimits {
  /** Connected screens this process serves; the next one gets 503 (another process may serve it). */
  maxClients: number;
  /** A `tick` after this long without a snapshot, so a client knows the stream is alive. */
  heartbeatMs: number;
}

let connected = 0;
/** Screens connected to this process (for the bench). */
export const connectedScreens = () => connected;
/** Open streams, ended when the server closes (a stream never ends by itself). */
const open = new Set<() => void>();
export const closeAllScreens = () => {
  for (const close of [...open]) close();
};

const frame = (s: ScreenSnapshot) => `id: ${s.seq}\nevent: snapshot\ndata: ${JSON.stringify(s)}\n\n`;

/**
 * One screen's Server-Sent Events. Snapshots are cumulative (totals, not deltas), so a client
 * that reconnects with Last-Event-ID = the seq it last saw cannot count anything twice: it gets
 * the current snapshot if the campaign moved on, else the next one when it does.
 */
export async function openScreenStream(
  request: FastifyRequest,
  reply: FastifyReply,
  opts: { analytics: AnalyticsModule; campaignId: string; lastSeq: number | null; limits: StreamLimits },
) {
  const { analytics, campaignId, limits } = opts;
  if (connected >= limits.maxClients)
    throw serviceUnavailable(
      'SCREEN_CAPACITY',
      'This server serves its maximum of live screens; retry on another',
      5,
    );
  const first = await analytics.snapshot(campaignId, request.actor);
  connected++;
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    // Proxies (nginx) must pass events through as they come.
    'x-accel-buffering': 'no',
  });
  let sentSeq = opts.lastSeq ?? -1;
  let lastWrite = Date.now();
  const write = (text: string) => {
    lastWrite = Date.now();
    res.write(text);
  };
  // Tell the browser how soon to reconnect after a drop.
  write('retry: 1000\n\n');
  const send = (s: ScreenSnapshot) => {
    if (s.seq <= sentSeq) return;
    sentSeq = s.seq;
    write(frame(s));
  };
  send(first);
  const unwatch = analytics.hub.watch(campaignId, send);
  const heartbeat = setInterval(
    () => {
      if (Date.now() - lastWrite >= limits.heartbeatMs - 50)
        write(`event: tick\ndata: {"seq":${Math.max(sentSeq, 0)},"at":"${new Date().toISOString()}"}\n\n`);
    },
    Math.max(100, Math.floor(limits.heartbeatMs / 2)),
  );
  heartbeat.unref();
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    connected--;
    open.delete(close);
    clearInterval(heartbeat);
    unwatch();
    res.end();
  };
  open.add(close);
  request.raw.on('close', close);
  res.on('error', close);
}
