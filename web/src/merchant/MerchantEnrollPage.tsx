import { Alert, App, Empty, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { isApiError } from '../api';
import { useAsync } from '../app/useAsync';
import { errorText } from '../app/useServerErrors';
import { useSession } from '../auth/session';
import { type Enrollment, merchantApi, type NominationItem, type RuleFailure } from './api';
import { CampaignStorePickers } from './CampaignStorePickers';
import { EnrollForm } from './EnrollForm';
import { FailureList } from './FailureList';
import { parseYuan, useText } from './format';
import { type Draft, NominationForm, type Row } from './NominationForm';
import { NominationsTable } from './NominationsTable';

/**
 * 商家报名: pick a campaign open for enrollment and one of your stores, enroll it (committing
 * to the required promotions), nominate SKUs with campaign price and stock, and follow each
 * nomination. Every refusal comes back explained per SKU.
 */
export function MerchantEnrollPage() {
  const { user, loading: sessionLoading } = useSession();
  const { l, t } = useText();
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
      else message.error(errorText(t, e));
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
        message.error(errorText(t, e));
      } else message.error(errorText(t, e));
    } finally {
      setBusy(false);
    }
  };

  const rules = current?.rules;
  return (
    <div data-testid="merchant-enroll-page">
      <Typography.Title level={2}>{l('活动报名', 'Campaign enrollment')}</Typography.Title>
      <CampaignStorePickers
        campaigns={open.data ?? []}
        campaignsLoading={open.loading}
        campaignId={campaignId}
        onCampaignChange={(v) => setParams((p) => ({ ...Object.fromEntries(p), campaign: v }))}
        stores={stores.data ?? []}
        storesLoading={stores.loading}
        storeId={storeId}
        onStoreChange={(v) => setParams((p) => ({ ...Object.fromEntries(p), store: v }))}
        rules={rules}
      />

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
        <EnrollForm
          rules={rules}
          storeName={store.name}
          commitments={commitments}
          onCommitmentsChange={setCommitments}
          busy={busy}
          onEnroll={doEnroll}
        />
      )}

      {enrollment && (
        <NominationForm
          rows={rows}
          loading={products.loading}
          drafts={drafts}
          onDraft={setDraft}
          active={active}
          failuresBySku={failuresBySku}
          maxPriceBp={rules?.maxPriceBp}
          busy={busy}
          onSubmit={submit}
        />
      )}

      {current && store && (
        <NominationsTable
          items={nominations.data?.items ?? []}
          loading={nominations.loading}
          onWithdrawn={nominations.reload}
        />
      )}
      {!open.loading && (open.data ?? []).length === 0 && (
        <Empty description={l('暂无开放报名的活动', 'No campaign is open for enrollment')} />
      )}
    </div>
  );
}

export default MerchantEnrollPage;
