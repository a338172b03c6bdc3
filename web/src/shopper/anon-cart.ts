import { cartApi } from '../api';
import type { VenueItem } from '../merchant/api';

/**
 * A visitor's venue cart, kept in this browser until they sign in (issue 9 item 5): per
 * campaign, the items as the venue showed them and their quantities. On sign-in it is merged
 * into the server-side cart (the larger quantity of a line wins) and forgotten.
 */
const KEY = 'carnival.anonymousCart';

export interface AnonLine {
  item: VenueItem;
  quantity: number;
}
type Stored = Record<string, AnonLine[]>;

function read(): Stored {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) ?? '{}') as unknown;
    return v && typeof v === 'object' ? (v as Stored) : {};
  } catch {
    return {};
  }
}

function write(all: Stored) {
  try {
    if (Object.keys(all).length === 0) localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, JSON.stringify(all));
  } catch {
    // Private mode: the cart lives for this page only.
  }
}

export const anonCart = {
  get: (campaignId: string): AnonLine[] => read()[campaignId] ?? [],
  set(campaignId: string, lines: AnonLine[]) {
    const all = read();
    if (lines.length === 0) delete all[campaignId];
    else all[campaignId] = lines;
    write(all);
  },
  /** Moves every kept cart into the signed-in consumer's server carts; what the server refuses stays out. */
  async mergeIntoServer(): Promise<number> {
    const all = read();
    let moved = 0;
    for (const [campaignId, lines] of Object.entries(all)) {
      let server: Awaited<ReturnType<typeof cartApi.get>> | null = null;
      try {
        server = await cartApi.get(campaignId);
      } catch {
        // A campaign gone or not visible: nothing to merge into.
      }
      for (const l of lines) {
        const have = server?.items.find((i) => i.skuId === l.item.sku)?.quantity ?? 0;
        if (have >= l.quantity) continue;
        try {
          await cartApi.setItem(campaignId, l.item.sku, l.quantity);
          moved++;
        } catch {
          // Not on sale any more, or the campaign has ended: the line is dropped.
        }
      }
    }
    write({});
    return moved;
  },
};
