import type { FastifyReply, FastifyRequest } from 'fastify';
import { serviceUnavailable } from '../../platform/errors';
import type { HubSnapshot } from './hub';
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

/**
 * A snapshot's SSE frame, serialised and UTF-8 encoded once however many screens receive it: the
 * hub hands the same snapshot object to every listener of the campaign, so the fan-out is one
 * JSON.stringify and one encoding per change and a write of the same bytes per socket, not a
 * serialisation (or a string-to-bytes conversion of ~10 KB) per client.
 */
const frames = new WeakMap<ScreenSnapshot, Buffer>();
let framesBuilt = 0;
export const frameOf = (s: HubSnapshot): Buffer => {
  let bytes = frames.get(s);
  if (bytes === undefined) {
    if (s.trace) s.trace.framed = Date.now();
    bytes = Buffer.from(`id: ${s.seq}\nevent: snapshot\ndata: ${JSON.stringify(s)}\n\n`);
    frames.set(s, bytes);
    framesBuilt++;
  }
  return bytes;
};
/** Frames serialised so far in this process (the fan-out test counts them). */
export const framesSerialised = () => framesBuilt;

/**
 * One heartbeat timer for every open stream of the process (not one a client): each beat writes
 * a `tick` to the streams idle for `heartbeatMs`, the tick text built once per beat and seq.
 */
interface Beating {
  idleSince(): number;
  seq(): number;
  write(text: string | Buffer): void;
  heartbeatMs: number;
}
const beating = new Set<Beating>();
let beat: NodeJS.Timeout | null = null;
function startBeating(b: Beating) {
  beating.add(b);
  if (beat) return;
  beat = setInterval(
    () => {
      const now = Date.now();
      const at = new Date(now).toISOString();
      const ticks = new Map<number, string>();
      for (const s of beating) {
        if (now - s.idleSince() < s.heartbeatMs - 50) continue;
        const seq = Math.max(s.seq(), 0);
        let tick = ticks.get(seq);
        if (tick === undefined) {
          tick = `event: tick\ndata: {"seq":${seq},"at":"${at}"}\n\n`;
          ticks.set(seq, tick);
        }
        s.write(tick);
      }
    },
    Math.max(100, Math.floor(b.heartbeatMs / 2)),
  );
  beat.unref();
}
function stopBeating(b: Beating) {
  beating.delete(b);
  if (beating.size === 0 && beat) {
    clearInterval(beat);
    beat = null;
  }
}

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
  const write = (text: string | Buffer) => {
    lastWrite = Date.now();
    res.write(text);
  };
  // Tell the browser how soon to reconnect after a drop.
  write('retry: 1000\n\n');
  const send = (s: ScreenSnapshot) => {
    if (s.seq <= sentSeq) return;
    sentSeq = s.seq;
    write(frameOf(s));
  };
  send(first);
  const unwatch = analytics.hub.watch(campaignId, send);
  const heartbeat: Beating = {
    idleSince: () => lastWrite,
    seq: () => sentSeq,
    write,
    heartbeatMs: limits.heartbeatMs,
  };
  startBeating(heartbeat);
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    connected--;
    open.delete(close);
    stopBeating(heartbeat);
    unwatch();
    res.end();
  };
  open.add(close);
  request.raw.on('close', close);
  res.on('error', close);
}
