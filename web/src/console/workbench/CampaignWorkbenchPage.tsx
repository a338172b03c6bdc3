import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, App, Skeleton, Tabs, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { campaignsApi, isApiError } from '../../api';
import { StatusTag } from '../../app/campaign-ui';
import { useI18n } from '../../app/i18n';
import { NotFound } from '../../app/NotFound';
import { dayjs } from '../../app/time';
import { useAsync } from '../../app/useAsync';
import { type EnrollmentRules, opsApi, type Promotion } from '../ops-api';
import { isoOf, useFailure } from '../shared';
import { AfterSaleTab } from './AfterSaleTab';
import { AllowanceTab } from './AllowanceTab';
import { BudgetsTab } from './BudgetsTab';
import { CouponsTab } from './CouponsTab';
import { PromotionsTab } from './PromotionsTab';
import { type RulesFormValues, RulesTab } from './RulesTab';

const TABS = ['rules', 'promotions', 'coupons', 'allowance', 'budgets', 'afterSale'] as const;
type Tab = (typeof TABS)[number];

/** 活动配置 (/console/campaigns/:id/setup): everything a festival runs on, one tab an area. */
export function CampaignWorkbenchPage() {
  const { id = '' } = useParams();
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const fail = useFailure();
  const [params, setParams] = useSearchParams();
  const tab: Tab = TABS.find((x) => x === params.get('tab')) ?? 'rules';
  const [saving, setSaving] = useState(false);

  const campaign = useAsync(() => campaignsApi.get(id), [id]);
  const rules = useAsync(
    () =>
      opsApi.rules(id).catch((e: unknown) => {
        if (isApiError(e) && e.status === 404) return null;
        throw e;
      }),
    [id],
  );
  const coupons = useAsync(
    () => opsApi.coupons(id).then((p) => p.items.filter((c) => c.scope === 'platform')),
    [id],
  );
  const { data: stores } = useAsync(() => opsApi.stores().catch(() => []), []);
  const storeOptions = useMemo(() => (stores ?? []).map((s) => ({ value: s.id, label: s.name })), [stores]);

  if (campaign.error) {
    if (isApiError(campaign.error) && campaign.error.status === 404) return <NotFound />;
    return <Alert type="error" showIcon title={t('common.error')} />;
  }
  if (!campaign.data || rules.loading) return <Skeleton active paragraph={{ rows: 10 }} />;
  const c = campaign.data;
  const current: EnrollmentRules | null = rules.data ?? null;
  const at = dayjs(c.startsAt).isAfter(dayjs()) ? c.startsAt : new Date().toISOString();

  /** One PUT of the whole rules document; the version guards against a concurrent edit. */
  const put = async (patch: {
    rules?: RulesFormValues;
    promotions?: Promotion[];
    requiredPromotionIds?: string[];
  }): Promise<boolean> => {
    const base = patch.rules;
    const opensAt = base ? isoOf(base.window[0])! : current!.opensAt;
    const closesAt = base ? isoOf(base.window[1])! : current!.closesAt;
    setSaving(true);
    try {
      const saved = await opsApi.setRules(id, {
        opensAt,
        closesAt,
        eligibleCategories: (base?.eligibleCategories ?? current?.eligibleCategories ?? []) as never,
        minRating: base?.minRating ?? current?.minRating ?? 0,
        maxPriceBp: base ? Math.round(base.maxPricePercent * 100) : (current?.maxPriceBp ?? 10_000),
        depositRule: base?.depositRule ?? current?.depositRule ?? 'forfeit',
        promotions: (patch.promotions ?? current?.promotions ?? []) as never,
        requiredPromotionIds: patch.requiredPromotionIds ?? current?.requiredPromotionIds ?? [],
        ...(current ? { version: current.version } : {}),
      });
      rules.setData(saved);
      message.success(t('wb.saved'));
      return true;
    } catch (e) {
      if (isApiError(e) && e.code === 'VERSION_CONFLICT') rules.reload();
      fail(e);
      return false;
    } finally {
      setSaving(false);
    }
  };

  const festival = c.kind === 'shopping_festival';
  const allPromotions = [
    ...(current?.promotions ?? []),
    ...(coupons.data ?? []).map((x) => x.promotion as Promotion),
  ];

  const items = [
    {
      key: 'rules',
      label: t('wb.tab.rules'),
      children: <RulesTab rules={current} campaign={c} saving={saving} onSave={(v) => put({ rules: v })} />,
    },
    {
      key: 'promotions',
      label: t('wb.tab.promotions'),
      children: current ? (
        <PromotionsTab
          rules={current}
          coupons={coupons.data ?? []}
          at={at}
          stores={storeOptions}
          saving={saving}
          onSave={(promotions, requiredPromotionIds) => put({ promotions, requiredPromotionIds })}
        />
      ) : (
        <Alert type="info" showIcon title={t('wb.noRules')} />
      ),
    },
    {
      key: 'coupons',
      label: t('wb.tab.coupons'),
      children: (
        <CouponsTab campaignId={c.id} campaign={c} coupons={coupons.data ?? []} reload={coupons.reload} />
      ),
    },
    {
      key: 'allowance',
      label: t('wb.tab.allowance'),
      children: <AllowanceTab campaignId={c.id} promotions={current?.promotions ?? []} />,
    },
    {
      key: 'budgets',
      label: t('wb.tab.budgets'),
      children: <BudgetsTab campaignId={c.id} promotions={allPromotions} />,
    },
    { key: 'afterSale', label: t('wb.tab.afterSale'), children: <AfterSaleTab campaignId={c.id} /> },
  ];

  return (
    <div data-testid="workbench" data-campaign-id={c.id}>
      <Link
        to={`/console/campaigns/${c.id}`}
        style={{ display: 'inline-block', marginBottom: 8, color: '#595959' }}
      >
        <ArrowLeftOutlined /> {t('wb.back')}
      </Link>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {pick(c.title)} · {t('wb.title')} <StatusTag status={c.status} />
      </Typography.Title>
      {!festival && <Alert type="info" showIcon title={t('wb.notFestival')} style={{ marginBottom: 12 }} />}
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams({ tab: k }, { replace: true })}
        items={items.map((i) => ({ ...i, label: <span data-testid={`wb-tab-${i.key}`}>{i.label}</span> }))}
      />
    </div>
  );
}
