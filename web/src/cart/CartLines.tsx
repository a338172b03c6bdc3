import { DeleteOutlined } from '@ant-design/icons';
import { Button, Card, InputNumber, Space, Typography } from 'antd';
import type { Cart, CartItem } from '../api';
import { useAsync } from '../app/useAsync';
import { useNarrow } from '../app/useNarrow';
import { charityApi } from '../charity/api';
import { CharityBadge } from '../charity/CharityBadge';
import { useText, yuan } from '../merchant/format';
import { AdjustmentList } from '../orders/labels';

/** Groups cart lines by store, in first-appearance order: the sub-orders checkout will make (拆单). */
export function byStore(items: CartItem[]): { store: CartItem['store']; items: CartItem[] }[] {
  const groups = new Map<string, { store: CartItem['store']; items: CartItem[] }>();
  for (const it of items) {
    const g = groups.get(it.store.id) ?? { store: it.store, items: [] };
    g.items.push(it);
    groups.set(it.store.id, g);
  }
  return [...groups.values()];
}

/** One store's lines: campaign price over the struck list price, a stepper, the line total and its discounts. */
export function CartLines({
  cart,
  nameOf,
  editable,
  busy,
  onQuantity,
}: {
  cart: Cart;
  nameOf: (id: string) => string;
  editable: boolean;
  busy?: string | null;
  onQuantity?: (skuId: string, quantity: number) => void;
}) {
  const { l } = useText();
  // On a phone the stepper and the remove button are 40 px high (a thumb, not a pointer).
  const size = useNarrow() ? 'large' : 'small';
  const skuIds = cart.items.map((i) => i.skuId).join(',');
  // 公益宝贝 among the lines, and what each would give at this quantity and price (booked on completion).
  const badges = useAsync(() => charityApi.badges(skuIds ? skuIds.split(',') : []).catch(() => []), [skuIds]);
  return (
    <>
      {byStore(cart.items).map((g) => (
        <Card
          key={g.store.id}
          size="small"
          className="store-card"
          data-testid="store-group"
          title={
            <>
              <span>{g.store.name}</span>
              <Typography.Text type="secondary" style={{ fontWeight: 400, fontSize: 12 }}>
                {l(
                  `小计 ${yuan(g.items.reduce((s, i) => s + i.total, 0))}`,
                  `Subtotal ${yuan(g.items.reduce((s, i) => s + i.total, 0))}`,
                )}
              </Typography.Text>
            </>
          }
        >
          {g.items.map((it) => (
            <div className="shop-line" key={it.skuId} data-testid="cart-line" data-sku={it.skuId}>
              <div className="shop-thumb">{it.title.slice(0, 1)}</div>
              <div style={{ minWidth: 0 }}>
                <div className="shop-title">{it.title}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {Object.values(it.attributes).join(' / ') || '—'}
                </Typography.Text>
                {badges.data
                  ?.filter((b) => b.skuId === it.skuId)
                  .map((b) => {
                    const gives =
                      b.kind === 'fixed'
                        ? b.amount * it.quantity
                        : Math.floor((it.total * b.amount) / 10_000);
                    return (
                      <div key={b.skuId} data-testid="cart-charity">
                        <CharityBadge rule={b} project={b.project} />{' '}
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {l(`本单约捐 ${yuan(gives)}`, `Gives about ${yuan(gives)}`)}
                        </Typography.Text>
                      </div>
                    );
                  })}
                <div>
                  <span className="shop-price num" data-testid="line-campaign-price">
                    {yuan(it.campaignPrice)}
                  </span>
                  {it.listPrice > it.campaignPrice && (
                    <span className="shop-list-price num">{yuan(it.listPrice)}</span>
                  )}
                  {it.deposit !== undefined && (
                    <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>
                      {l(`定金 ${yuan(it.deposit)}`, `Deposit ${yuan(it.deposit)}`)}
                    </Typography.Text>
                  )}
                </div>
                <AdjustmentList
                  adjustments={it.adjustments.filter((a) => !a.promotion.startsWith('campaign_price.'))}
                  nameOf={nameOf}
                />
              </div>
              {editable ? (
                <Space size={4}>
                  <InputNumber
                    size={size}
                    min={1}
                    max={Math.min(999, it.campaignStockLeft ?? 999)}
                    precision={0}
                    value={it.quantity}
                    disabled={busy === it.skuId}
                    style={{ width: 72 }}
                    data-testid={`qty-${it.skuId}`}
                    onChange={(v) => v && v !== it.quantity && onQuantity?.(it.skuId, v)}
                  />
                  <Button
                    size={size}
                    type="text"
                    aria-label={l('删除', 'Remove')}
                    icon={<DeleteOutlined />}
                    data-testid={`remove-${it.skuId}`}
                    onClick={() => onQuantity?.(it.skuId, 0)}
                  />
                </Space>
              ) : (
                <span className="num">×{it.quantity}</span>
              )}
              <div className="line-total num" data-testid="line-total">
                {yuan(it.total)}
              </div>
            </div>
          ))}
        </Card>
      ))}
    </>
  );
}
