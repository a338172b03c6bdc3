import { useEffect, useRef, useState } from 'react';
import { type ScreenSnapshot, screenApi, toScreenBody } from './api';
import { backoffMs, type ScreenBody } from './model';

export type StreamStatus = 'connecting' | 'live' | 'reconnecting';

declare global {
  interface Window {
    /** Test hook (only with `?feed=test`): apply a body as if the stream had sent it. */
    __screenFeed?: (body: ScreenBody) => void;
  }
}

/**
 * The campaign's live figures over SSE. Every event carries the whole body with `id: <seq>`, so
 * the browser's own reconnect resends Last-Event-ID and the server answers with what was missed;
 * a body whose seq is not newer than the one shown is ignored (a resumed stream never counts
 * twice). When the browser gives up (the EventSource closes: a 5xx, a proxy cutting it), the
 * page opens a new one after a jittered backoff. Only the last body is kept: memory does not
 * grow with the hours the screen runs.
 */
export function useScreenStream(campaignId: string | undefined): {
  body: ScreenBody | null;
  status: StreamStatus;
  errorCode: string | null;
} {
  const [body, setBody] = useState<ScreenBody | null>(null);
  const [status, setStatus] = useState<StreamStatus>('connecting');
  const [errorCode, setErrorCode] = useState<string | null>(null);
  const lastSeq = useRef(-1);

  useEffect(() => {
    if (!campaignId) return;
    lastSeq.current = -1;
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let attempt = 0;
    let stopped = false;

    const apply = (next: ScreenBody) => {
      if (next.seq <= lastSeq.current) return;
      lastSeq.current = next.seq;
      setBody(next);
    };
    const onMessage = (e: MessageEvent<string>) => {
      try {
        apply(toScreenBody(JSON.parse(e.data) as ScreenSnapshot));
        attempt = 0;
        setStatus('live');
      } catch {
        // A malformed frame is dropped; the next one carries the whole state again.
      }
    };
    const onOpen = () => setStatus('live');
    const onError = () => {
      if (stopped || !source) return;
      setStatus('reconnecting');
      if (source.readyState === EventSource.CLOSED) {
        close();
        retry = setTimeout(open, backoffMs(attempt++));
      }
    };
    const close = () => {
      if (!source) return;
      source.removeEventListener('snapshot', onMessage as EventListener);
      source.removeEventListener('update', onMessage as EventListener);
      source.removeEventListener('open', onOpen);
      source.removeEventListener('error', onError);
      source.close();
      source = null;
    };
    const open = () => {
      if (stopped) return;
      source = new EventSource(screenApi.streamUrl(campaignId));
      source.addEventListener('snapshot', onMessage as EventListener);
      source.addEventListener('update', onMessage as EventListener);
      source.addEventListener('open', onOpen);
      source.addEventListener('error', onError);
    };

    // The first paint comes from the plain GET (also tells a missing event from a network cut).
    screenApi
      .snapshot(campaignId)
      .then((b) => {
        if (!stopped) apply(b);
      })
      .catch((e: { code?: string }) => {
        if (!stopped && e?.code && e.code !== 'NETWORK') setErrorCode(e.code);
      });
    open();

    if (new URLSearchParams(window.location.search).get('feed') === 'test') window.__screenFeed = apply;

    return () => {
      stopped = true;
      clearTimeout(retry);
      close();
      if (window.__screenFeed === apply) window.__screenFeed = undefined;
    };
  }, [campaignId]);

  return { body, status, errorCode };
}
