import { App, Button, Card, Empty, Progress, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { merchantOrdersApi } from '../../api';
import { useI18n } from '../../app/i18n';
import { dayjs } from '../../app/time';
import { useAsync } from '../../app/useAsync';
import { useServerErrors } from '../../app/useServerErrors';
import { RequireRole } from '../../orders/RequireRole';
import { merchantApi } from '../api';
import { StoreSelect } from '../StoreSelect';
import { type StoreCoupon, storeApi } from '../store-api';
import { CodesDialog, IssueCouponDialog } from './CouponDialogs';
import { couponText } from './text';

/** 店铺券: issue a store coupon (满X减Y), pause or resume claiming, hand out single-use codes. */
function Coupons() {
  const { t, pick } = useI18n();
  const { message, modal } = App.useApp();
  const onError = useServerErrors();
  const [params, setParams] = useSearchParams();
  const storeId = params.get('store') ?? undefined;
  const stores = useAsync(() => merchantApi.stores(), []);
  const campaigns = useAsync(() => merchantOrdersApi.campaigns(), []);
  const coupons = useAsync(
    () => (storeId ? storeApi.coupons(storeId) : Promise.resolve({ items: [], total: 0 })),
    [storeId],
  );
  const [issuing, setIssuing] = useState(false);
  const [codesOf, setCodesOf] = useState<StoreCoupon | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const onStore = useCallback(
    (v: string | undefined) => setParams(v ? { store: v } : {}, { replace: true }),
    [setParams],
  );
  const campaignTitle = (id: string | null) => {
    if (!id) return t('merchant.coupons.anyCampaign');
    const c = campaigns.data?.find((x) => x.id === id);
    return c ? pick(c.title) : t('merchant.coupons.otherCampaign');
  };

  const setStatus = async (c: StoreCoupon, to: 'pause' | 'resume') => {
    setBusy(c.id);
    try {
      if (to === 'pause') await storeApi.pauseCoupon(c.id);
      else await storeApi.resumeCoupon(c.id);
      message.success(t(to === 'pause' ? 'merchant.coupons.paused' : 'merchant.coupons.resumed'));
      coupons.reload();
    } catch (e) {
      onError(e);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div data-testid="merchant-coupons-page">
      <Typography.Title level={3}>{t('merchant.coupons.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('merchant.coupons.subtitle')}</Typography.Paragraph>
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <StoreSelect stores={stores.data ?? []} value={storeId} onChange={onStore} required />
          <Button
            type="primary"
            data-testid="coupon-issue"
            disabled={!storeId}
            onClick={() => setIssuing(true)}
          >
            {t('merchant.coupons.issue')}
          </Button>
        </Space>
        <Table<StoreCoupon>
          rowKey="id"
          loading={coupons.loading}
          dataSource={coupons.data?.items ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: <Empty description={t('merchant.coupons.empty')} /> }}
          scroll={{ x: 860 }}
          columns={[
            {
              key: 'what',
              title: t('merchant.coupons.col.coupon'),
              render: (_, c) => (
                <span data-testid="coupon-row" data-coupon={c.id}>
                  <Typography.Text strong>{couponText(c.promotion, t)}</Typography.Text>
                  <div style={{ fontSize: 12, color: '#8c8c8c' }}>{campaignTitle(c.campaignId)}</div>
                </span>
              ),
            },
            {
              key: 'when',
              title: t('merchant.coupons.col.claimWindow'),
              width: 260,
              render: (_, c) =>
                `${dayjs(c.claimStartsAt).format('MM-DD HH:mm')} – ${dayjs(c.claimEndsAt).format('MM-DD HH:mm')}`,
            },
            {
              key: 'taken',
              title: t('merchant.coupons.col.claimed'),
              width: 180,
              render: (_, c) => (
                <div>
                  {t('merchant.coupons.claimedOf', { n: c.claimedCount, total: c.totalQuantity })}
                  <Progress
                    size="small"
                    showInfo={false}
                    percent={Math.floor((c.claimedCount * 100) / Math.max(1, c.totalQuantity))}
                  />
                </div>
              ),
            },
            {
              key: 'status',
              title: t('merchant.coupons.col.status'),
              width: 100,
              render: (_, c) => (
                <Tag
                  color={c.status === 'active' ? 'success' : 'default'}
                  data-testid={`coupon-status-${c.id}`}
                  data-status={c.status}
                >
                  {t(`merchant.coupons.status.${c.status}`)}
                </Tag>
              ),
            },
            {
              key: 'a',
              title: t('merchant.col.actions'),
              width: 200,
              render: (_, c) => (
                <Space size="small">
                  {c.status === 'active' ? (
                    <Button
                      size="small"
                      loading={busy === c.id}
                      data-testid={`coupon-pause-${c.id}`}
                      onClick={() =>
                        modal.confirm({
                          title: t('merchant.coupons.pauseConfirm'),
                          content: t('merchant.coupons.pauseHint'),
                          okText: t('merchant.form.confirm'),
                          cancelText: t('merchant.form.cancel'),
                          onOk: () => setStatus(c, 'pause'),
                        })
                      }
                    >
                      {t('merchant.coupons.pause')}
                    </Button>
                  ) : (
                    <Button
                      size="small"
                      loading={busy === c.id}
                      data-testid={`coupon-resume-${c.id}`}
                      onClick={() => setStatus(c, 'resume')}
                    >
                      {t('merchant.coupons.resume')}
                    </Button>
                  )}
                  <Button size="small" data-testid={`coupon-codes-${c.id}`} onClick={() => setCodesOf(c)}>
                    {t('merchant.coupons.codes')}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {issuing && storeId && (
        <IssueCouponDialog
          storeId={storeId}
          campaigns={(campaigns.data ?? []).filter((c) => Date.parse(c.endsAt) > Date.now())}
          onClose={() => setIssuing(false)}
          onDone={() => {
            message.success(t('merchant.coupons.issued'));
            setIssuing(false);
            coupons.reload();
          }}
        />
      )}
      {codesOf && <CodesDialog coupon={codesOf} onClose={() => setCodesOf(null)} />}
    </div>
  );
}

export function MerchantCouponsPage() {
  return (
    <RequireRole allow="merchant">
      <Coupons />
    </RequireRole>
  );
}

export default MerchantCouponsPage;
