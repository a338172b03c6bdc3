import { ArrowLeftOutlined, DeleteOutlined, ShoppingCartOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Empty,
  Input,
  InputNumber,
  Pagination,
  Select,
  Skeleton,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { analyticsApi } from '../analytics/api';
import { isApiError } from '../api';
import { NotFound } from '../app/NotFound';
import { useAsync } from '../app/useAsync';
import { useSession } from '../auth/session';
import { useServerCart } from '../cart/useServerCart';
import { charityApi, originsApi } from '../charity/api';
import { CharityBadge } from '../charity/CharityBadge';
import { OriginTag } from '../charity/OriginTag';
import { merchantApi, type Quote, type VenueItem } from '../merchant/api';
import { describePromotion, useText, yuan } from '../merchant/format';
import { FlashStrip } from './FlashStrip';
import { ServerCartPanel } from './ServerCartPanel';
import './venue.css';

const PAGE = 24;
const PALETTE = ['#ff7a45', '#f759ab', '#9254de', '#36cfc9', '#73d13d', '#ffa940', '#597ef7'];
const colorOf = (s: string) => PALETTE[[...s].reduce((n, c) => n + c.charCodeAt(0), 0) % PALETTE.length];

/**
 * 会场: the campaign's approved SKUs at campaign prices (list price struck through), filtered
 * by category and store, with a small cart priced by the quote API: total, discounts, and
 * the 凑单 hint ("add ¥141 more to save ¥50").
 */
export function VenuePage() {
  const { slug = '' } = useParams();
  const { zh, l, pick } = useText();
  const [params, setParams] = useSearchParams();
  const category = params.get('category') ?? undefined;
  const store = params.get('store') ?? undefined;
  const q = params.get('q') ?? undefined;
  const page = Number(params.get('page') ?? '1') || 1;
  const [search, setSearch] = useState(q ?? '');
  const [cart, setCart] = useState<{ item: VenueItem; quantity: number }[]>([]);
  const [quote, setQuote] = useState<Quote | null>(null);
  const [quoteError, setQuoteError] = useState<string | null>(null);
  // A signed-in consumer's cart lives on the server (and goes to checkout); a visitor's is a local quote.
  const { user } = useSession();
  const consumer = user?.role === 'consumer';

  const venue = useAsync(
    () => merchantApi.venue(slug, { category, store, q, limit: PAGE, offset: (page - 1) * PAGE }),
    [slug, category, store, q, page],
  );
  const promotions = useAsync(() => merchantApi.promotions(slug), [slug]);
  const skuIds = (venue.data?.items ?? []).map((it) => it.sku).join(',');
  // 公益宝贝 badges for the SKUs on this page (the public charity API; none when it fails).
  const badges = useAsync(() => charityApi.badges(skuIds ? skuIds.split(',') : []).catch(() => []), [skuIds]);
  const categories = useAsync(() => merchantApi.categories(), []);
  // 助农: farm stores' items carry their origin (产地); none when the call fails.
  const origins = useAsync(() => originsApi.farmStores().catch(() => new Map()), []);
  const server = useServerCart(venue.data?.campaign.id, consumer);
  const categoryName = (code: string) => {
    const c = categories.data?.find((x) => x.code === code);
    return c ? pick(c.name) : code;
  };

  // A signed-in visitor's view feeds 生意参谋's visitors and conversion (per campaign, and per store when
  // the venue is filtered to one). Best effort: a lost view must never disturb shopping.
  const campaignId = venue.data?.campaign.id;
  useEffect(() => {
    if (!user || !campaignId) return;
    analyticsApi.visit({ campaignId, ...(store ? { storeId: store } : {}) }).catch(() => undefined);
  }, [user, campaignId, store]);

  const lines = useMemo(() => cart.map((c) => ({ sku: c.item.sku, quantity: c.quantity })), [cart]);
  useEffect(() => {
    if (lines.length === 0) {
      setQuote(null);
      return;
    }
    let stale = false;
    const timer = setTimeout(() => {
      merchantApi.quote(slug, lines).then(
        (r) => {
          if (stale) return;
          setQuote(r);
          setQuoteError(null);
        },
        (e) => {
          if (!stale) setQuoteError(isApiError(e) ? e.message : String(e));
        },
      );
    }, 150);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [slug, lines]);

  const setParam = (key: string, value: string | undefined) =>
    setParams((p) => {
      const next = Object.fromEntries(p);
      if (value) next[key] = value;
      else delete next[key];
      if (key !== 'page') delete next.page;
      return next;
    });

  const add = (item: VenueItem) =>
    consumer
      ? void server.add(item.sku)
      : setCart((c) =>
          c.some((x) => x.item.sku === item.sku)
            ? c.map((x) => (x.item.sku === item.sku ? { ...x, quantity: x.quantity + 1 } : x))
            : [...c, { item, quantity: 1 }],
        );

  if (venue.error) {
    if (isApiError(venue.error) && venue.error.status === 404)
      return <NotFound title={l('会场不存在或尚未开放', 'No such venue, or not open yet')} />;
    return <Alert type="error" showIcon title={String(venue.error)} />;
  }
  const data = venue.data;
  if (!data) return <Skeleton active paragraph={{ rows: 10 }} />;
  const color = data.campaign.theme?.primaryColor ?? '#ff5000';
  const promoName = (id: string) => {
    const p = promotions.data?.find((x) => x.id === id);
    if (p) return describePromotion(p, zh);
    return id.startsWith('campaign_price.') ? l('活动价', 'Campaign price') : id;
  };
  const campaignPriceOff =
    quote?.applied
      .filter((a) => a.promotion.startsWith('campaign_price.'))
      .reduce((s, a) => s + a.amount, 0) ?? 0;

  return (
    <div data-testid="venue-page" data-slug={data.campaign.slug}>
      <Link
        to={`/events/${data.campaign.slug}`}
        style={{ display: 'inline-block', marginBottom: 12, color: '#595959' }}
      >
        <ArrowLeftOutlined /> {l('活动详情', 'Event details')}
      </Link>
      <header className="venue-banner" style={{ background: `linear-gradient(120deg, ${color}, #ff9c6e)` }}>
        <div>{l('官方会场', 'Official venue')}</div>
        <h1 data-testid="venue-title">{pick(data.campaign.title)}</h1>
        <Space wrap className="venue-promos">
          {(promotions.data ?? []).map((p) => (
            <Tag key={p.id} data-testid="venue-promotion">
              {describePromotion(p, zh)}
            </Tag>
          ))}
        </Space>
      </header>

      <FlashStrip campaignId={data.campaign.id} />

      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          data-testid="venue-category"
          allowClear
          style={{ minWidth: 160 }}
          placeholder={l('全部类目', 'All categories')}
          value={category}
          onChange={(v) => setParam('category', v)}
          options={data.facets.categories.map((c) => ({
            value: c.code,
            label: `${categoryName(c.code)} (${c.count})`,
          }))}
        />
        <Select
          data-testid="venue-store"
          allowClear
          style={{ minWidth: 180 }}
          placeholder={l('全部店铺', 'All stores')}
          value={store}
          onChange={(v) => setParam('store', v)}
          options={data.facets.stores.map((s) => ({ value: s.id, label: `${s.name} (${s.count})` }))}
        />
        <Input.Search
          data-testid="venue-search"
          allowClear
          style={{ width: 220 }}
          placeholder={l('搜索商品', 'Search')}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onSearch={(v) => setParam('q', v.trim() || undefined)}
        />
        <Typography.Text type="secondary">{l(`共 ${data.total} 件`, `${data.total} items`)}</Typography.Text>
      </Space>

      <div className="venue-layout">
        <section>
          {data.items.length === 0 ? (
            <Empty description={l('暂无商品', 'Nothing here yet')} />
          ) : (
            <div className="venue-grid">
              {data.items.map((it) => (
                <Card key={it.sku} className="venue-card" data-testid="venue-item" data-sku={it.sku}>
                  <div className="venue-card-image" style={{ background: colorOf(it.category) }}>
                    {it.imageUrl ? <img src={it.imageUrl} alt="" /> : it.title.slice(0, 1)}
                  </div>
                  <div className="venue-card-title">{it.title}</div>
                  {badges.data
                    ?.filter((b) => b.skuId === it.sku)
                    .map((b) => (
                      <div key={b.skuId} style={{ margin: '2px 0' }}>
                        <CharityBadge rule={b} project={b.project} />
                      </div>
                    ))}
                  {origins.data?.get(it.store.id) && (
                    <div style={{ margin: '2px 0' }}>
                      <OriginTag origin={origins.data.get(it.store.id)!} />
                    </div>
                  )}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {Object.values(it.attributes).join(' / ') || '—'} · {it.store.name}
                  </Typography.Text>
                  <div style={{ margin: '6px 0' }}>
                    <span className="venue-price" data-testid="venue-campaign-price">
                      {yuan(it.campaignPrice)}
                    </span>
                    {it.listPrice > it.campaignPrice && (
                      <span className="venue-list-price">{yuan(it.listPrice)}</span>
                    )}
                  </div>
                  <Button
                    block
                    type="primary"
                    ghost
                    icon={<ShoppingCartOutlined />}
                    onClick={() => add(it)}
                    data-testid={`add-${it.sku}`}
                  >
                    {l('加入购物车', 'Add to cart')}
                  </Button>
                </Card>
              ))}
            </div>
          )}
          {data.total > PAGE && (
            <Pagination
              style={{ marginTop: 16 }}
              current={page}
              pageSize={PAGE}
              total={data.total}
              onChange={(p) => setParam('page', String(p))}
              showSizeChanger={false}
            />
          )}
        </section>

        {consumer ? (
          <ServerCartPanel
            cart={server.cart}
            busy={server.busy}
            nameOf={promoName}
            onQuantity={server.setQuantity}
          />
        ) : (
          <Card
            className="venue-cart"
            title={
              <span>
                <ShoppingCartOutlined /> {l('购物车', 'Cart')}
              </span>
            }
            data-testid="venue-cart"
          >
            {cart.length === 0 && (
              <Typography.Text type="secondary">
                {l('把喜欢的商品加进来，看看能省多少', 'Add items to see what you save')}
              </Typography.Text>
            )}
            {cart.map((c) => (
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
                    size="small"
                    min={1}
                    max={999}
                    precision={0}
                    value={c.quantity}
                    style={{ width: 60 }}
                    onChange={(v) =>
                      setCart((all) =>
                        all.map((x) => (x.item.sku === c.item.sku ? { ...x, quantity: v ?? 1 } : x)),
                      )
                    }
                  />
                  <Button
                    size="small"
                    type="text"
                    icon={<DeleteOutlined />}
                    onClick={() => setCart((all) => all.filter((x) => x.item.sku !== c.item.sku))}
                  />
                </Space>
              </div>
            ))}
            {quoteError && <Alert type="error" title={quoteError} style={{ marginTop: 8 }} />}
            {quote && (
              <div data-testid="cart-quote">
                <div className="venue-cart-sum">
                  <span>{l('商品原价', 'List total')}</span>
                  <span>{yuan(quote.subtotal)}</span>
                </div>
                {campaignPriceOff > 0 && (
                  <div className="venue-cart-sum">
                    <span>{l('活动价立减', 'Campaign prices')}</span>
                    <span>-{yuan(campaignPriceOff)}</span>
                  </div>
                )}
                {quote.applied
                  .filter((a) => !a.promotion.startsWith('campaign_price.'))
                  .map((a) => (
                    <div className="venue-cart-sum" key={a.promotion} data-testid="cart-applied">
                      <span>{promoName(a.promotion)}</span>
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
                    （{promoName(h.promotion)}）
                  </div>
                ))}
              </div>
            )}
          </Card>
        )}
      </div>
    </div>
  );
}

export default VenuePage;
