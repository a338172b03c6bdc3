import { ShoppingCartOutlined } from '@ant-design/icons';
import { Button, Drawer, Image, Radio, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useNarrow } from '../app/useNarrow';
import type { VenueItem } from '../merchant/api';
import { useText, yuan } from '../merchant/format';

/**
 * 商品详情: the product's image, its SKUs in this venue to choose from (规格), the campaign price
 * of the one chosen, and add to cart (left out when the campaign is not selling).
 */
export function ProductDrawer({
  items,
  open,
  initialSku,
  selling,
  onClose,
  onAdd,
}: {
  /** The venue items of one product (its SKUs). */
  items: VenueItem[];
  open: boolean;
  initialSku: string | null;
  selling: boolean;
  onClose: () => void;
  onAdd: (item: VenueItem) => void;
}) {
  const { l } = useText();
  const narrow = useNarrow();
  const [sku, setSku] = useState<string | null>(initialSku);
  useEffect(() => setSku(initialSku), [initialSku]);
  const chosen = items.find((i) => i.sku === sku) ?? items[0];
  if (!chosen) return null;
  const label = (i: VenueItem) => Object.values(i.attributes).join(' / ') || l('默认', 'Default');
  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={chosen.title}
      width={Math.min(480, typeof window === 'undefined' ? 480 : window.innerWidth)}
      data-testid="product-drawer"
    >
      <div className="product-image">
        {chosen.imageUrl ? (
          <Image src={chosen.imageUrl} alt={chosen.title} width="100%" />
        ) : (
          <div className="product-image-empty">{chosen.title.slice(0, 1)}</div>
        )}
      </div>
      <Typography.Title level={4} style={{ marginTop: 12 }}>
        {chosen.title}
      </Typography.Title>
      <Typography.Text type="secondary">{chosen.store.name}</Typography.Text>
      <div style={{ margin: '12px 0' }}>
        <span className="venue-price" data-testid="product-price">
          {yuan(chosen.campaignPrice)}
        </span>
        {chosen.listPrice > chosen.campaignPrice && (
          <span className="venue-list-price">{yuan(chosen.listPrice)}</span>
        )}
      </div>
      <Typography.Text strong>{l('规格', 'Options')}</Typography.Text>
      <div style={{ margin: '8px 0 16px' }}>
        <Radio.Group
          value={chosen.sku}
          onChange={(e) => setSku(e.target.value)}
          optionType="button"
          size={narrow ? 'large' : 'middle'}
        >
          <Space wrap>
            {items.map((i) => (
              <Radio.Button key={i.sku} value={i.sku}>
                <span data-testid="product-sku" data-sku={i.sku}>
                  {label(i)}
                </span>
              </Radio.Button>
            ))}
          </Space>
        </Radio.Group>
      </div>
      <Typography.Paragraph type="secondary">
        {l(`活动库存 ${chosen.campaignStock} 件`, `${chosen.campaignStock} left at this price`)}
      </Typography.Paragraph>
      {selling && (
        <Button
          type="primary"
          size="large"
          block
          icon={<ShoppingCartOutlined />}
          data-testid="product-add"
          onClick={() => onAdd(chosen)}
        >
          {l('加入购物车', 'Add to cart')}
        </Button>
      )}
    </Drawer>
  );
}
