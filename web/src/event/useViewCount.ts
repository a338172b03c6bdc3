import { useEffect, useRef, useState } from 'react';
import { campaignsApi } from '../api';

/**
 * Records one view when the page opens and gives the count the server answers with.
 * The server decides whether this visitor was already counted; the ref keeps React's
 * development double-effect from sending two requests.
 */
export function useViewCount(campaignId: string | undefined, initial: number | undefined) {
  const [count, setCount] = useState<number | undefined>(undefined);
  const sentFor = useRef<string | null>(null);

  useEffect(() => {
    if (!campaignId || sentFor.current === campaignId) return;
    sentFor.current = campaignId;
    campaignsApi.recordView(campaignId).then(
      (r) => setCount(r.viewCount),
      () => setCount(undefined),
    );
  }, [campaignId]);

  return { count: count ?? initial, recorded: count !== undefined };
}
