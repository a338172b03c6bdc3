import { ShoppingCartOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useText, yuan } from '../merchant/format';

/**
 * Phones only: the venue's cart box sits under the whole product grid, so a bar fixed at the
 * bottom says what is in it and takes the shopper there in one tap (issue 9 item 8).
 */
export function VenueCartBar({ count, total }: { count: number; total: number | null }) {
  const { l } = useText();
  if (count === 0) return null;
  return (
    <>
      {/* Room under the page's end, so the bar covers nothing. */}
      <div className="venue-cart-bar-room" />
      <div className="venue-cart-bar" data-testid="venue-cart-bar">
        <span>
          <ShoppingCartOutlined /> {l(`${count} 件`, `${count} item${count === 1 ? '' : 's'}`)}
          {total !== null && (
            <span className="venue-price num" style={{ marginInlineStart: 10, fontSize: 18 }}>
              {yuan(total)}
            </span>
          )}
        </span>
        <Button
          type="primary"
          size="large"
          data-testid="venue-cart-bar-open"
          onClick={() =>
            document.querySelector('[data-testid="venue-cart"]')?.scrollIntoView({ behavior: 'smooth' })
          }
        >
          {l('查看购物车', 'View cart')}
        </Button>
      </div>
    </>
  );
}
