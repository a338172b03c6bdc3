import { App } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { type Cart, cartApi, isApiError } from '../api';
import { useI18n } from '../app/i18n';
import { shopperError } from '../shopper/errors';

/**
 * The signed-in consumer's server-side cart of one campaign: loaded once, then replaced by each
 * answer of PUT /api/cart/items (only the newest answer counts when clicks overlap).
 */
export function useServerCart(campaignId: string | undefined, enabled: boolean) {
  const { message } = App.useApp();
  const { t } = useI18n();
  const [cart, setCart] = useState<Cart | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const seq = useRef(0);

  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (!enabled || !campaignId) return;
    void version;
    const mine = ++seq.current;
    cartApi.get(campaignId).then(
      (c) => mine === seq.current && setCart(c),
      () => {},
    );
  }, [campaignId, enabled, version]);
  /** Prices the cart again (after a coupon is claimed, say). */
  const reload = useCallback(() => setVersion((v) => v + 1), []);

  const setQuantity = useCallback(
    async (skuId: string, quantity: number) => {
      if (!campaignId) return null;
      const mine = ++seq.current;
      setBusy(skuId);
      try {
        const next = await cartApi.setItem(campaignId, skuId, quantity);
        if (mine === seq.current) setCart(next);
        return next;
      } catch (e) {
        message.error(isApiError(e) ? shopperError(t, e) : String(e));
        return null;
      } finally {
        if (mine === seq.current) setBusy(null);
      }
    },
    [campaignId, message, t],
  );

  const add = useCallback(
    (skuId: string) => setQuantity(skuId, (cart?.items.find((i) => i.skuId === skuId)?.quantity ?? 0) + 1),
    [cart, setQuantity],
  );

  return { cart, busy, add, setQuantity, reload };
}
