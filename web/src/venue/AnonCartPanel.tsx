import { DeleteOutlined, ShoppingCartOutlined } from '@ant-design/icons';
import { Alert, Button, Card, InputNumber, Space, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useNarrow } from '../app/useNarrow';
import type { Quote } from '../merchant/api';
import { useText, yuan } from '../merchant/format';
import type { AnonLine } from '../shopper/anon-cart';

/**
 * A visitor's venue cart: kept in this browser (shopper/anon-cart.ts), priced by the public
 * quote, and a 登录并结算 button that signs in, merges it into the account's cart and goes on to
 * the cart page.
 */
export function AnonCartPanel({
  campaignId,
  lines,
  quote,
  quoteError,
  nameOf,
  onChange,
}: {
  campaignId: string;
  lines: AnonLine[];
  quote: Quote | null;
  quoteError: string | null;
  nameOf: (id: string) => string;
  onChange: (lines: AnonLine[]) => void;
}) {
  const { l } = useText();
  // 40 px high on a phone, for a thumb.
  const size = useNarrow() ? 'large' : 'small';
  const campaignPriceOff =
    quote?.applied
      .filter((a) => a.promotion.startsWith('campaign_price.'))
      .reduce((s, a) => s + a.amount, 0) ?? 0;
  const next = `/cart?campaignId=${encodeURIComponent(campaignId)}`;
  return (
    <Card
      className="venue-cart"
      title={
        <span>
          <ShoppingCartOutlined /> {l('购物车', 'Cart')}
        </span>
      }
      data-testid="venue-cart"
    >
      {lines.length === 0 && (
        <Typography.Text type="secondary">
          {l('把喜欢的商品加进来，看看能省多少', 'Add items to see what you save')}
        </Typography.Text>
      )}
      {lines.map((c) => (
        <div className="venue-cart-line" key={c.item.sku} data-testid="cart-line">
          <div style={{ minWidth: 0 }}>
            <div style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
              {c.item.title}
            </div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {yuan(c.item.campaignPrice)}
            </Typography.Text>
          </div>
          <Space size={4}>
            <InputNumber
              size={size}
              min={1}
              max={999}
              precision={0}
              value={c.quantity}
              style={{ width: 60 }}
              onChange={(v) =>
                onChange(lines.map((x) => (x.item.sku === c.item.sku ? { ...x, quantity: v ?? 1 } : x)))
              }
            />
            <Button
              size={size}
              type="text"
              icon={<DeleteOutlined />}
              aria-label={l('删除', 'Remove')}
              onClick={() => onChange(lines.filter((x) => x.item.sku !== c.item.sku))}
            />
          </Space>
        </div>
      ))}
      {quoteError && <Alert type="error" title={quoteError} style={{ marginTop: 8 }} />}
      {quote && lines.length > 0 && (
        <div data-testid="cart-quote">
          <div className="venue-cart-sum">
            <span>{l('商品原价', 'List total')}</span>
            <span>{yuan(quote.subtotal)}</span>
          </div>
          {campaignPriceOff > 0 && (
            <div className="venue-cart-sum" data-testid="cart-campaign-prices">
              <span>{l('活动价立减', 'Campaign prices')}</span>
              <span>-{yuan(campaignPriceOff)}</span>
            </div>
          )}
          {quote.applied
            .filter((a) => !a.promotion.startsWith('campaign_price.') && a.amount > 0)
            .map((a) => (
              <div className="venue-cart-sum" key={a.promotion} data-testid="cart-applied">
                <span>{nameOf(a.promotion)}</span>
                <span>-{yuan(a.amount)}</span>
              </div>
            ))}
          <div className="venue-cart-sum" style={{ fontWeight: 700, fontSize: 16 }}>
            <span>{l('到手价', 'You pay')}</span>
            <span className="venue-price" data-testid="cart-total">
              {yuan(quote.total)}
            </span>
          </div>
          {quote.hints.map((h) => (
            <div className="venue-hint" key={h.promotion} data-testid="cart-hint">
              {l(
                `再买 ${yuan(h.shortBy)} 可再减 ${yuan(h.extraOff)}`,
                `Add ${yuan(h.shortBy)} more to save ${yuan(h.extraOff)} more`,
              )}
              {l(`（${nameOf(h.promotion)}）`, ` (${nameOf(h.promotion)})`)}
            </div>
          ))}
        </div>
      )}
      {lines.length > 0 && (
        <Link to={`/login?next=${encodeURIComponent(next)}`}>
          <Button type="primary" block style={{ marginTop: 12 }} data-testid="venue-login-checkout">
            {l('登录并结算', 'Sign in to check out')}
          </Button>
        </Link>
      )}
    </Card>
  );
}
