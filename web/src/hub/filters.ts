import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { AUDIENCES, type Audience, KINDS, type Kind } from '../api';

export interface HubFilters {
  kind: Kind | null;
  audiences: Audience[];
  q: string;
  view: 'list' | 'calendar';
}

/** The hub's filters live in the URL, so a filtered view can be shared and survives reload. */
export function useHubFilters(): [HubFilters, (patch: Partial<HubFilters>) => void] {
  const [params, setParams] = useSearchParams();

  const filters = useMemo<HubFilters>(() => {
    const kind = params.get('kind');
    const audiences = (params.get('audience') ?? '')
      .split(',')
      .filter((a): a is Audience => (AUDIENCES as readonly string[]).includes(a));
    return {
      kind: (KINDS as readonly string[]).includes(kind ?? '') ? (kind as Kind) : null,
      audiences,
      q: params.get('q') ?? '',
      view: params.get('view') === 'calendar' ? 'calendar' : 'list',
    };
  }, [params]);

  const update = useCallback(
    (patch: Partial<HubFilters>) => {
      const next = { ...filters, ...patch };
      const out = new URLSearchParams();
      if (next.kind) out.set('kind', next.kind);
      if (next.audiences.length) out.set('audience', next.audiences.join(','));
      if (next.q.trim()) out.set('q', next.q.trim());
      if (next.view === 'calendar') out.set('view', 'calendar');
      setParams(out, { replace: true });
    },
    [filters, setParams],
  );

  return [filters, update];
}
