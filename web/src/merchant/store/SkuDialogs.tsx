import { Alert, App, Descriptions, Drawer, Form, Input, InputNumber, Modal, Radio, Table } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../app/i18n';
import { dayjs } from '../../app/time';
import { useAsync } from '../../app/useAsync';
import { useServerErrors } from '../../app/useServerErrors';
import { fenToInput, parseYuan, yuan } from '../format';
import { type Sku, storeApi } from '../store-api';
import { skuLabel, yuanRule } from './text';

/** 改价: a new list price for one SKU; the old one stays in the price history (30-day lowest). */
export function PriceDialog({
  sku,
  title,
  onClose,
  onDone,
}: {
  sku: Sku;
  title: string;
  onClose(): void;
  onDone(): void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ price: string }>();
  const onError = useServerErrors();
  const [busy, setBusy] = useState(false);
  const history = useAsync(() => storeApi.priceHistory(sku.id), [sku.id]);
  const typed = parseYuan(Form.useWatch('price', form));
  const lowest = history.data?.lowest30Days ?? null;
  return (
    <Modal
      open
      title={`${t('merchant.products.reprice')} · ${title} ${skuLabel(sku, t)}`}
      okText={t('merchant.form.save')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'reprice-submit' }}
      destroyOnHidden
    >
      <Descriptions size="small" column={2} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('merchant.products.currentPrice')}>{yuan(sku.price)}</Descriptions.Item>
        <Descriptions.Item label={t('merchant.products.lowest30')}>
          {lowest === null ? '—' : yuan(lowest)}
        </Descriptions.Item>
      </Descriptions>
      {typed !== null && typed > sku.price && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('merchant.products.raiseWarning')}
        />
      )}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ price: fenToInput(sku.price) }}
        onFinish={async (v) => {
          setBusy(true);
          try {
            await storeApi.setPrice(sku.id, parseYuan(v.price) ?? 0, sku.version);
            onDone();
          } catch (e) {
            onError(e, form);
          } finally {
            setBusy(false);
          }
        }}
      >
        <Form.Item name="price" label={t('merchant.products.newPrice')} rules={[yuanRule(t)]}>
          <Input prefix="¥" data-testid="reprice-input" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 调库存: add received stock or take some off (never below what is on hand: the server refuses). */
export function StockDialog({
  sku,
  title,
  onClose,
  onDone,
}: {
  sku: Sku;
  title: string;
  onClose(): void;
  onDone(): void;
}) {
  const { t } = useI18n();
  const { modal } = App.useApp();
  const [form] = Form.useForm<{ direction: 'in' | 'out'; amount: number }>();
  const onError = useServerErrors();
  const [busy, setBusy] = useState(false);
  const save = async (delta: number) => {
    setBusy(true);
    try {
      await storeApi.adjustStock(sku.id, delta);
      onDone();
    } catch (e) {
      onError(e, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={`${t('merchant.products.restock')} · ${title} ${skuLabel(sku, t)}`}
      okText={t('merchant.form.save')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'restock-submit' }}
      destroyOnHidden
    >
      <p>{t('merchant.products.onHand', { n: sku.stock })}</p>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ direction: 'in', amount: 100 }}
        onFinish={(v) => {
          const delta = v.direction === 'in' ? v.amount : -v.amount;
          if (delta > 0) return save(delta);
          // Taking stock off cannot be undone by the shoppers who would have bought it: ask first.
          modal.confirm({
            title: t('merchant.products.takeOffConfirm', { n: v.amount }),
            okText: t('merchant.form.confirm'),
            cancelText: t('merchant.form.cancel'),
            onOk: () => save(delta),
          });
        }}
      >
        <Form.Item name="direction" label={t('merchant.products.direction')}>
          <Radio.Group
            options={[
              { value: 'in', label: t('merchant.products.stockIn') },
              { value: 'out', label: t('merchant.products.stockOut') },
            ]}
          />
        </Form.Item>
        <Form.Item
          name="amount"
          label={t('merchant.products.amount')}
          rules={[{ required: true, message: t('merchant.form.required') }]}
        >
          <InputNumber min={1} max={10_000_000} precision={0} data-testid="restock-amount" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 价格记录: every list price the SKU had and since when, and its lowest of the last 30 days. */
export function PriceHistoryDrawer({ sku, title, onClose }: { sku: Sku; title: string; onClose(): void }) {
  const { t } = useI18n();
  const history = useAsync(() => storeApi.priceHistory(sku.id), [sku.id]);
  const items = [...(history.data?.items ?? [])].reverse();
  return (
    <Drawer open onClose={onClose} width={460} title={`${t('merchant.products.history')} · ${title}`}>
      <p data-testid="history-lowest">
        {t('merchant.products.lowest30')}:{' '}
        {history.data?.lowest30Days == null ? '—' : yuan(history.data.lowest30Days)}
      </p>
      <Table
        size="small"
        rowKey={(p) => `${p.effectiveAt}-${p.price}`}
        loading={history.loading}
        dataSource={items}
        pagination={false}
        data-testid="history-table"
        columns={[
          {
            key: 'at',
            title: t('merchant.products.effectiveAt'),
            render: (_, p) => dayjs(p.effectiveAt).format('YYYY-MM-DD HH:mm'),
          },
          { key: 'price', title: t('merchant.products.col.price'), render: (_, p) => yuan(p.price) },
        ]}
      />
    </Drawer>
  );
}
