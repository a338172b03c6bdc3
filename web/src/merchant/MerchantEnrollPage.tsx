import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Empty,
  Input,
  InputNumber,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { isApiError } from '../api';
import { useAsync } from '../app/useAsync';
import { useSession } from '../auth/session';
import { type Enrollment, merchantApi, type NominationItem, type RuleFailure, type Sku } from './api';
import { describePromotion, fenToInput, parseYuan, STATUS_COLORS, showValue, useText, yuan } from './format';

interface Row extends Sku {
  productTitle: string;
  category: string;
}

interface Draft {
  picked: boolean;
  price: string;
  stock: number | null;
}

/** Every failure of one SKU (or of the store, when sku is absent), explained in a line each. */
export function FailureList({ failures }: { failures: RuleFailure[] }) {
  const { tx } = useText();
  return (
    <Space direction="vertical" size={2}>
      {failures.map((f, i) => (
        <Typography.Text
          key={`${f.rule}-${f.sku ?? ''}-${f.field ?? i}`}
          type="danger"
          data-testid={`failure-${f.sku ?? 'store'}`}
          data-rule={f.rule}
          title={f.message}
        >
          <Tag color="red">{f.rule}</Tag>
          {tx(`rule.${f.rule}`)}: {tx('needed')} {showValue(f.rule, f.needed)}, {tx('given')}{' '}
          {showValue(f.rule, f.given)}
        </Typography.Text>
      ))}
    </Space>
  );
}

/**
 * 商家报名: pick a campaign open for enrollment and one of your stores, enroll it (committing
 * to the required promotions), nominate SKUs with campaign price and stock, and follow each
 * nomination. Every refusal comes back explained per SKU.
 */
export function MerchantEnrollPage() {
  const { user, loading: sessionLoading } = useSession();
  const { zh, tx, l, pick } = useText();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const campaignParam = params.get('campaign') ?? undefined;
  const storeParam = params.get('store') ?? undefined;

  const isMerchant = user?.role === 'merchant';
  const open = useAsync(() => (isMerchant ? merchantApi.openCampaigns() : Promise.resolve([])), [isMerchant]);
  const stores = useAsync(() => (isMerchant ? merchantApi.stores() : Promise.resolve([])), [isMerchant]);
  const current =
    open.data?.find((o) => o.campaign.id === campaignParam || o.campaign.slug === campaignParam) ??
    open.data?.[0];
  const store = stores.data?.find((s) => s.id === storeParam) ?? stores.data?.[0];
  const campaignId = current?.campaign.id;
  const storeId = store?.id;

  const enrollments = useAsync(
    () =>
      campaignId && storeId
        ? merchantApi.enrollments(campaignId, storeId)
        : Promise.resolve([] as Enrollment[]),
    [campaignId, storeId],
  );
  const enrollment = enrollments.data?.[0];
  const products = useAsync(() => (storeId ? merchantApi.products(storeId) : Promise.resolve([])), [storeId]);
  const nominations = useAsync(
    () =>
      campaignId && storeId
        ? merchantApi.nominations({ campaignId, storeId, limit: 200 })
        : Promise.resolve({ items: [], total: 0 }),
    [campaignId, storeId],
  );

  const [commitments, setCommitments] = useState<string[]>([]);
  const [drafts, setDrafts] = useState<Record<string, Draft>>({});
  const [failures, setFailures] = useState<RuleFailure[]>([]);
  const [storeFailures, setStoreFailures] = useState<RuleFailure[]>([]);
  const [busy, setBusy] = useState(false);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new campaign or store starts a fresh form
  useEffect(() => {
    setCommitments(current?.rules.requiredPromotionIds ?? []);
    setFailures([]);
    setStoreFailures([]);
    setDrafts({});
  }, [current?.rules.requiredPromotionIds, campaignId, storeId]);

  const rows: Row[] = useMemo(
    () =>
      (products.data ?? []).flatMap((p) =>
        p.skus.map((s) => ({ ...s, productTitle: p.title, category: p.category })),
      ),
    [products.data],
  );
  const active = new Set(
    (nominations.data?.items ?? [])
      .filter((n) => n.status === 'pending' || n.status === 'approved')
      .map((n) => n.skuId),
  );
  const failuresBySku = useMemo(() => {
    const m = new Map<string, RuleFailure[]>();
    for (const f of failures) if (f.sku) m.set(f.sku, [...(m.get(f.sku) ?? []), f]);
    return m;
  }, [failures]);

  if (sessionLoading) return null;
  if (!user)
    return (
      <Alert
        type="info"
        showIcon
        title={
          <Link to="/login?next=/merchant/enroll">
            {l('请先登录商家账号', 'Sign in with a merchant account')}
          </Link>
        }
      />
    );
  if (!isMerchant)
    return <Alert type="warning" showIcon title={l('此页面仅对商家开放', 'This page is for merchants')} />;

  const setDraft = (sku: string, patch: Partial<Draft>) =>
    setDrafts((d) => ({ ...d, [sku]: { picked: false, price: '', stock: null, ...d[sku], ...patch } }));

  const doEnroll = async () => {
    if (!campaignId || !storeId) return;
    setBusy(true);
    setStoreFailures([]);
    try {
      await merchantApi.enroll(campaignId, storeId, commitments);
      message.success(l('报名成功，请提报商品', 'Enrolled: now nominate SKUs'));
      enrollments.reload();
    } catch (e) {
      if (isApiError(e) && Array.isArray(e.details?.failures))
        setStoreFailures(e.details.failures as RuleFailure[]);
      else message.error(isApiError(e) ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const submit = async (dryRun: boolean) => {
    if (!enrollment) return;
    const items: NominationItem[] = [];
    for (const [sku, d] of Object.entries(drafts)) {
      if (!d.picked) continue;
      const price = parseYuan(d.price);
      if (price === null || !d.stock) {
        message.error(
          l(
            '请填写活动价（最多两位小数）和活动库存',
            'Enter a campaign price (at most two decimals) and stock',
          ),
        );
        return;
      }
      items.push({ sku, campaignPrice: price, campaignStock: d.stock });
    }
    if (items.length === 0) {
      message.warning(l('请勾选要提报的商品', 'Pick the SKUs to nominate'));
      return;
    }
    setBusy(true);
    try {
      const result = await merchantApi.nominate(enrollment.id, items, dryRun);
      setFailures(result.failures);
      setStoreFailures([]);
      if (dryRun)
        message.info(
          l(
            `${result.eligible.length} 个符合规则，${result.failures.length} 个问题`,
            `${result.eligible.length} eligible, ${result.failures.length} problem(s)`,
          ),
        );
      else {
        message.success(
          l(
            `已提交 ${result.nominations.length} 个商品待审核`,
            `${result.nominations.length} SKU(s) sent to review`,
          ),
        );
        setDrafts((d) =>
          Object.fromEntries(
            Object.entries(d).filter(([sku]) => !result.nominations.some((n) => n.skuId === sku)),
          ),
        );
        nominations.reload();
      }
    } catch (e) {
      if (isApiError(e) && Array.isArray(e.details?.failures)) {
        const list = e.details.failures as RuleFailure[];
        setFailures(list.filter((f) => f.sku));
        setStoreFailures(list.filter((f) => !f.sku));
        message.error(e.message);
      } else message.error(isApiError(e) ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const rules = current?.rules;
  return (
    <div data-testid="merchant-enroll-page">
      <Typography.Title level={2}>{l('活动报名', 'Campaign enrollment')}</Typography.Title>
      <Card style={{ marginBottom: 16 }}>
        <Space wrap size={16}>
          <span>
            {l('活动', 'Campaign')}{' '}
            <Select
              data-testid="enroll-campaign"
              style={{ minWidth: 280 }}
              loading={open.loading}
              value={campaignId}
              placeholder={l('暂无开放报名的活动', 'No campaign open for enrollment')}
              options={(open.data ?? []).map((o) => ({
                value: o.campaign.id,
                label: pick(o.campaign.title),
              }))}
              onChange={(v) => setParams((p) => ({ ...Object.fromEntries(p), campaign: v }))}
            />
          </span>
          <span>
            {l('店铺', 'Store')}{' '}
            <Select
              data-testid="enroll-store"
              style={{ minWidth: 220 }}
              loading={stores.loading}
              value={storeId}
              placeholder={l('还没有店铺', 'No store yet')}
              options={(stores.data ?? []).map((s) => ({
                value: s.id,
                label: `${s.name} · ${s.rating.toFixed(1)}`,
              }))}
              onChange={(v) => setParams((p) => ({ ...Object.fromEntries(p), store: v }))}
            />
          </span>
        </Space>
        {rules && (
          <Descriptions size="small" column={{ xs: 1, md: 2 }} style={{ marginTop: 16 }}>
            <Descriptions.Item label={l('报名时间', 'Window')}>
              {new Date(rules.opensAt).toLocaleString()} – {new Date(rules.closesAt).toLocaleString()}
            </Descriptions.Item>
            <Descriptions.Item label={l('店铺要求', 'Store')}>
              {l('评分', 'rating')} ≥ {rules.minRating.toFixed(1)}
              {rules.eligibleCategories.length > 0 && ` · ${rules.eligibleCategories.join(', ')}`}
            </Descriptions.Item>
            <Descriptions.Item label={l('真实折扣', 'Real discount')}>
              {l(
                `活动价 ≤ 近30天最低价的 ${rules.maxPriceBp / 100}%`,
                `campaign price ≤ ${rules.maxPriceBp / 100}% of the 30-day lowest price`,
              )}
            </Descriptions.Item>
            <Descriptions.Item label={l('活动玩法', 'Promotions')}>
              <Space wrap>
                {rules.promotions.map((p) => (
                  <Tag key={p.id} color={rules.requiredPromotionIds.includes(p.id) ? 'volcano' : 'default'}>
                    {describePromotion(p, zh)}
                  </Tag>
                ))}
              </Space>
            </Descriptions.Item>
          </Descriptions>
        )}
      </Card>

      {storeFailures.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="store-failures"
          title={l('店铺未满足报名规则', 'The store does not meet the rules')}
          description={<FailureList failures={storeFailures} />}
        />
      )}

      {current && store && !enrollments.loading && !enrollment && (
        <Card title={l('报名', 'Enroll')} style={{ marginBottom: 16 }} data-testid="enroll-card">
          <Space direction="vertical">
            <span>
              {l(
                '承诺参与以下活动玩法（必选项已勾选）：',
                'Commit to these promotions (required ones are ticked):',
              )}
            </span>
            <Checkbox.Group
              value={commitments}
              onChange={(v) => setCommitments(v as string[])}
              options={(rules?.promotions ?? []).map((p) => ({
                value: p.id,
                label: describePromotion(p, zh),
                disabled: rules?.requiredPromotionIds.includes(p.id),
              }))}
            />
            <Button type="primary" loading={busy} onClick={doEnroll} data-testid="enroll-submit">
              {l(`以「${store.name}」报名`, `Enroll ${store.name}`)}
            </Button>
          </Space>
        </Card>
      )}

      {enrollment && (
        <Card
          title={l('提报商品', 'Nominate SKUs')}
          style={{ marginBottom: 16 }}
          data-testid="nominate-card"
          extra={
            <Space>
              <Button onClick={() => submit(true)} loading={busy} data-testid="nominate-check">
                {l('预检', 'Check')}
              </Button>
              <Button
                type="primary"
                onClick={() => submit(false)}
                loading={busy}
                data-testid="nominate-submit"
              >
                {l('提交审核', 'Submit for review')}
              </Button>
            </Space>
          }
        >
          <Table<Row>
            size="small"
            rowKey="id"
            loading={products.loading}
            dataSource={rows}
            pagination={false}
            locale={{ emptyText: <Empty description={l('店铺还没有商品', 'No products yet')} /> }}
            onRow={(r) => ({ 'data-testid': `sku-row-${r.id}` }) as never}
            columns={[
              {
                key: 'pick',
                width: 48,
                render: (_, r) => (
                  <Checkbox
                    data-testid={`pick-${r.id}`}
                    disabled={active.has(r.id)}
                    checked={drafts[r.id]?.picked ?? false}
                    onChange={(e) =>
                      setDraft(r.id, {
                        picked: e.target.checked,
                        ...(drafts[r.id]?.price
                          ? {}
                          : {
                              price: fenToInput(Math.floor((r.price * (rules?.maxPriceBp ?? 10000)) / 10000)),
                            }),
                        ...(drafts[r.id]?.stock ? {} : { stock: Math.max(1, Math.floor(r.stock / 2)) }),
                      })
                    }
                  />
                ),
              },
              {
                title: l('商品', 'Product'),
                key: 'title',
                render: (_, r) => (
                  <div>
                    <div>{r.productTitle}</div>
                    <Typography.Text type="secondary">
                      {Object.entries(r.attributes)
                        .map(([k, v]) => `${k}: ${v}`)
                        .join(' / ')}
                    </Typography.Text>
                    {failuresBySku.get(r.id) && (
                      <div>
                        <FailureList failures={failuresBySku.get(r.id)!} />
                      </div>
                    )}
                  </div>
                ),
              },
              { title: l('一口价', 'List price'), key: 'price', width: 110, render: (_, r) => yuan(r.price) },
              { title: l('库存', 'Stock'), dataIndex: 'stock', width: 80 },
              {
                title: l('活动价（元）', 'Campaign price (¥)'),
                key: 'campaignPrice',
                width: 150,
                render: (_, r) =>
                  active.has(r.id) ? (
                    <Tag>{l('已提报', 'Nominated')}</Tag>
                  ) : (
                    <Input
                      data-testid={`price-${r.id}`}
                      value={drafts[r.id]?.price ?? ''}
                      status={
                        failuresBySku.get(r.id)?.some((f) => f.rule === 'DISCOUNT_DEPTH')
                          ? 'error'
                          : undefined
                      }
                      onChange={(e) => setDraft(r.id, { price: e.target.value, picked: true })}
                      placeholder="0.00"
                    />
                  ),
              },
              {
                title: l('活动库存', 'Campaign stock'),
                key: 'campaignStock',
                width: 130,
                render: (_, r) =>
                  active.has(r.id) ? null : (
                    <InputNumber
                      data-testid={`stock-${r.id}`}
                      min={1}
                      precision={0}
                      value={drafts[r.id]?.stock ?? null}
                      status={
                        failuresBySku.get(r.id)?.some((f) => f.rule === 'CAMPAIGN_STOCK')
                          ? 'error'
                          : undefined
                      }
                      onChange={(v) => setDraft(r.id, { stock: v, picked: true })}
                    />
                  ),
              },
            ]}
          />
        </Card>
      )}

      {current && store && (
        <Card title={l('提报记录', 'Nominations')} data-testid="nominations-card">
          <Table
            size="small"
            rowKey="id"
            loading={nominations.loading}
            dataSource={nominations.data?.items ?? []}
            pagination={false}
            columns={[
              {
                title: l('商品', 'Product'),
                key: 't',
                render: (_, n) => `${n.title} ${Object.values(n.attributes ?? {}).join('/')}`,
              },
              { title: l('活动价', 'Campaign price'), key: 'p', render: (_, n) => yuan(n.campaignPrice) },
              { title: l('30天最低价', '30-day lowest'), key: 'r', render: (_, n) => yuan(n.referencePrice) },
              { title: l('活动库存', 'Stock'), dataIndex: 'campaignStock' },
              {
                title: l('状态', 'Status'),
                key: 's',
                render: (_, n) => (
                  <span>
                    <Tag
                      color={STATUS_COLORS[n.status]}
                      data-testid={`nomination-status-${n.skuId}`}
                      data-status={n.status}
                    >
                      {tx(`status.${n.status}`)}
                    </Tag>
                    {n.reason && <Typography.Text type="secondary">{n.reason}</Typography.Text>}
                  </span>
                ),
              },
              {
                key: 'a',
                render: (_, n) =>
                  n.status === 'pending' && (
                    <Button
                      size="small"
                      onClick={async () => {
                        await merchantApi.withdraw(n.id);
                        nominations.reload();
                      }}
                    >
                      {l('撤回', 'Withdraw')}
                    </Button>
                  ),
              },
            ]}
          />
        </Card>
      )}
      {!open.loading && (open.data ?? []).length === 0 && (
        <Empty description={l('暂无开放报名的活动', 'No campaign is open for enrollment')} />
      )}
    </div>
  );
}

export default MerchantEnrollPage;
