import { App, Button, Card, Empty, Form, Input, Modal, Select, Space, Table, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { merchantOrdersApi, newIdempotencyKey } from '../../api';
import { useI18n } from '../../app/i18n';
import { useAsync } from '../../app/useAsync';
import { useServerErrors } from '../../app/useServerErrors';
import { RequireRole } from '../../orders/RequireRole';
import { merchantApi, type Nomination } from '../api';
import { fenToInput, parseYuan, yuan } from '../format';
import { StoreSelect } from '../StoreSelect';
import { storeApi } from '../store-api';
import { skuLabel, yuanRule } from './text';

const DROP_REASONS = ['match', 'clearance', 'boost', 'other'] as const;

/** 降低活动价: a lower campaign price for an approved nomination, confirmed (it can never go back up). */
function PriceDropDialog({ n, onClose, onDone }: { n: Nomination; onClose(): void; onDone(): void }) {
  const { t } = useI18n();
  const { modal } = App.useApp();
  const [form] = Form.useForm<{ price: string; reason: (typeof DROP_REASONS)[number]; note?: string }>();
  const onError = useServerErrors();
  const [busy, setBusy] = useState(false);
  const key = useRef(newIdempotencyKey());
  const reason = Form.useWatch('reason', form);
  const title = `${n.title} ${skuLabel(n, t)}`;
  return (
    <Modal
      open
      title={t('merchant.drop.title', { title })}
      okText={t('merchant.drop.action')}
      okButtonProps={{ danger: true, 'data-testid': 'drop-submit' }}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph>
        {t('merchant.drop.current')}: <b>{yuan(n.campaignPrice)}</b>
      </Typography.Paragraph>
      <Typography.Paragraph type="warning">{t('merchant.drop.warning')}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ price: fenToInput(Math.max(0, n.campaignPrice - 100)), reason: 'boost' }}
        onFinish={(v) => {
          const to = parseYuan(v.price) ?? 0;
          const text =
            v.reason === 'other' && v.note?.trim() ? v.note.trim() : t(`merchant.drop.reasons.${v.reason}`);
          modal.confirm({
            title: t('merchant.drop.confirm', { from: yuan(n.campaignPrice), to: yuan(to) }),
            okText: t('merchant.form.confirm'),
            cancelText: t('merchant.form.cancel'),
            okButtonProps: { 'data-testid': 'drop-confirm' },
            onOk: async () => {
              setBusy(true);
              try {
                await storeApi.lowerCampaignPrice(key.current, n.id, to, text);
                onDone();
              } catch (e) {
                onError(e, form, (p) => (p[0] === 'campaignPrice' ? ['price'] : p));
              } finally {
                setBusy(false);
              }
            },
          });
        }}
      >
        <Form.Item
          name="price"
          label={t('merchant.drop.newPrice')}
          rules={[
            yuanRule(t),
            {
              validator: async (_, v) => {
                const fen = parseYuan(v);
                if (fen !== null && fen >= n.campaignPrice) throw new Error(t('merchant.drop.mustBeLower'));
              },
            },
          ]}
        >
          <Input prefix="¥" data-testid="drop-price" />
        </Form.Item>
        <Form.Item name="reason" label={t('merchant.drop.reason')}>
          <Select
            data-testid="drop-reason"
            options={DROP_REASONS.map((r) => ({ value: r, label: t(`merchant.drop.reasons.${r}`) }))}
          />
        </Form.Item>
        {reason === 'other' && (
          <Form.Item
            name="note"
            rules={[{ required: true, whitespace: true, message: t('merchant.form.required') }]}
          >
            <Input maxLength={500} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

/** 活动商品: the approved nominations of a campaign, at their campaign price, with 降低活动价. */
function CampaignItems() {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const campaignId = params.get('campaign') ?? undefined;
  const storeId = params.get('store') ?? undefined;
  const stores = useAsync(() => merchantApi.stores(), []);
  const campaigns = useAsync(() => merchantOrdersApi.campaigns(), []);
  const setParam = useCallback(
    (k: string, v: string | undefined) =>
      setParams(
        (p) => {
          const next = Object.fromEntries(p);
          if (v) next[k] = v;
          else delete next[k];
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  // The live one first: that is where a lower price sells today.
  const live = campaigns.data?.find(
    (c) => Date.parse(c.startsAt) <= Date.now() && Date.parse(c.endsAt) > Date.now(),
  );
  const fallback = live?.id ?? campaigns.data?.[0]?.id;
  useEffect(() => {
    if (!campaignId && fallback) setParam('campaign', fallback);
  }, [campaignId, fallback, setParam]);
  const items = useAsync(
    () =>
      campaignId
        ? merchantApi.nominations({ campaignId, storeId, status: 'approved', limit: 200 })
        : Promise.resolve({ items: [] as Nomination[], total: 0 }),
    [campaignId, storeId],
  );
  const [dropping, setDropping] = useState<Nomination | null>(null);
  const onStore = useCallback((v: string | undefined) => setParam('store', v), [setParam]);

  return (
    <div data-testid="merchant-campaign-items-page">
      <Typography.Title level={3}>{t('merchant.items.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('merchant.items.subtitle')}</Typography.Paragraph>
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <Select
            data-testid="items-campaign"
            style={{ minWidth: 240 }}
            value={campaignId}
            onChange={(v) => setParam('campaign', v)}
            options={(campaigns.data ?? []).map((c) => ({ value: c.id, label: pick(c.title) }))}
          />
          <StoreSelect stores={stores.data ?? []} value={storeId} onChange={onStore} />
        </Space>
        <Table<Nomination>
          rowKey="id"
          loading={items.loading}
          dataSource={items.data?.items ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: <Empty description={t('merchant.items.empty')} /> }}
          scroll={{ x: 760 }}
          columns={[
            {
              key: 'item',
              title: t('merchant.products.col.product'),
              render: (_, n) => (
                <span data-testid="campaign-item" data-sku={n.skuId}>
                  <Typography.Text strong>{n.title}</Typography.Text> {skuLabel(n, t)}
                  {!storeId && n.storeName ? (
                    <div style={{ fontSize: 12, color: '#8c8c8c' }}>{n.storeName}</div>
                  ) : null}
                </span>
              ),
            },
            {
              key: 'price',
              title: t('merchant.items.col.campaignPrice'),
              width: 130,
              render: (_, n) => (
                <span style={{ color: '#cf1322', fontWeight: 600 }} data-testid={`campaign-price-${n.skuId}`}>
                  {yuan(n.campaignPrice)}
                </span>
              ),
            },
            {
              key: 'list',
              title: t('merchant.items.col.listPrice'),
              width: 120,
              render: (_, n) => (n.listPrice === null ? '—' : yuan(n.listPrice)),
            },
            {
              key: 'ref',
              title: t('merchant.products.lowest30'),
              width: 130,
              render: (_, n) => yuan(n.referencePrice),
            },
            { key: 'stock', title: t('merchant.items.col.stock'), width: 100, dataIndex: 'campaignStock' },
            {
              key: 'a',
              title: t('merchant.col.actions'),
              width: 140,
              render: (_, n) => (
                <Button size="small" danger data-testid={`drop-${n.skuId}`} onClick={() => setDropping(n)}>
                  {t('merchant.drop.action')}
                </Button>
              ),
            },
          ]}
        />
      </Card>
      {dropping && (
        <PriceDropDialog
          n={dropping}
          onClose={() => setDropping(null)}
          onDone={() => {
            message.success(t('merchant.items.lowered'));
            setDropping(null);
            items.reload();
          }}
        />
      )}
    </div>
  );
}

export function MerchantCampaignItemsPage() {
  return (
    <RequireRole allow="merchant">
      <CampaignItems />
    </RequireRole>
  );
}

export default MerchantCampaignItemsPage;
