import { DeleteOutlined, ShoppingCartOutlined } from '@ant-design/icons';
import { Button, Card, InputNumber, Space, Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { Cart } from '../api';
import { useI18n } from '../app/i18n';
import { useNarrow } from '../app/useNarrow';
import { discountLines } from '../cart/quote-lines';
import { useText, yuan } from '../merchant/format';

/** The venue's cart box for a signed-in consumer: their server-side cart, priced, with a way to check out. */
export function ServerCartPanel({
  cart,
  busy,
  nameOf,
  onQuantity,
}: {
  cart: Cart | null;
  busy: string | null;
  nameOf: (id: string) => string;
  onQuantity: (skuId: string, quantity: number) => void;
}) {
  const { l } = useText();
  const { locale } = useI18n();
  const size = useNarrow() ? 'large' : 'small';
  // The campaign prices' saving has its own line, so list total − the lines = what you pay.
  const { campaignPrices, others } = discountLines(cart?.applied ?? []);
  return (
    <Card
      className="venue-cart"
      title={
        <span>
          <ShoppingCartOutlined /> {l('购物车', 'Cart')}
        </span>
      }
      data-testid="venue-cart"
      data-server="true"
    >
      {(!cart || cart.items.length === 0) && (
        <Typography.Text type="secondary">
          {l('把喜欢的商品加进来，看看能省多少', 'Add items to see what you save')}
        </Typography.Text>
      )}
      {cart?.items.map((c) => (
        <div className="venue-cart-line" key={c.skuId} data-testid="cart-line">
          <div style={{ minWidth: 0 }}>
            <div style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
              {c.title}
            </div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {yuan(c.campaignPrice)}
            </Typography.Text>
          </div>
          <Space size={4}>
            <InputNumber
              size={size}
              min={1}
              max={999}
              precision={0}
              value={c.quantity}
              disabled={busy === c.skuId}
              style={{ width: 60 }}
              onChange={(v) => v && v !== c.quantity && onQuantity(c.skuId, v)}
            />
            <Button
              size={size}
              type="text"
              icon={<DeleteOutlined />}
              onClick={() => onQuantity(c.skuId, 0)}
            />
          </Space>
        </div>
      ))}
      {cart && cart.items.length > 0 && (
        <div data-testid="cart-quote">
          <div className="venue-cart-sum">
            <span>{l('商品原价', 'List total')}</span>
            <span>{yuan(cart.subtotal)}</span>
          </div>
          {campaignPrices > 0 && (
            <div className="venue-cart-sum" data-testid="cart-campaign-prices">
              <span>{l('活动价立减', 'Campaign prices')}</span>
              <span>-{yuan(campaignPrices)}</span>
            </div>
          )}
          {others.map((a) => (
            <div className="venue-cart-sum" key={a.promotion} data-testid="cart-applied">
              <span>{nameOf(a.promotion)}</span>
              <span>-{yuan(a.amount)}</span>
            </div>
          ))}
          <div className="venue-cart-sum" style={{ fontWeight: 700, fontSize: 16 }}>
            <span>{l('到手价', 'You pay')}</span>
            <span className="venue-price" data-testid="cart-total">
              {yuan(cart.total)}
            </span>
          </div>
          {cart.near.map((h) => (
            <div className="venue-hint" key={h.promotion} data-testid="cart-hint">
              {h.message[locale]}
              {locale === 'zh-CN' ? `（${nameOf(h.promotion)}）` : ` (${nameOf(h.promotion)})`}
            </div>
          ))}
          <Link to={`/cart?campaignId=${encodeURIComponent(cart.campaignId)}`}>
            <Button type="primary" block style={{ marginTop: 12 }} data-testid="venue-go-cart">
              {l('去购物车结算', 'Go to checkout')}
            </Button>
          </Link>
        </div>
      )}
    </Card>
  );
}
