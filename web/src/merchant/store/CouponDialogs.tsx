import { Alert, DatePicker, Form, Input, InputNumber, Modal, Select, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useRef, useState } from 'react';
import { newIdempotencyKey, type Schemas } from '../../api';
import { useI18n } from '../../app/i18n';
import { keepEnterInDates } from '../../app/keep-enter';
import { dayjs } from '../../app/time';
import { useServerErrors } from '../../app/useServerErrors';
import { parseYuan } from '../format';
import { type StoreCoupon, storeApi } from '../store-api';
import { couponText, yuanRule } from './text';

interface IssueValues {
  campaignId?: string;
  threshold: string;
  off: string;
  window: [Dayjs, Dayjs];
  perCustomerLimit: number;
  totalQuantity: number;
}

/** 发店铺券: 满X减Y for this store, optionally only in one campaign, claimable in a window. */
export function IssueCouponDialog({
  storeId,
  campaigns,
  onClose,
  onDone,
}: {
  storeId: string;
  campaigns: Schemas['MerchantCampaign'][];
  onClose(): void;
  onDone(): void;
}) {
  const { t, pick } = useI18n();
  const [form] = Form.useForm<IssueValues>();
  const onError = useServerErrors();
  const [busy, setBusy] = useState(false);
  const key = useRef(newIdempotencyKey());
  return (
    <Modal
      open
      title={t('merchant.coupons.issue')}
      okText={t('merchant.coupons.issueOk')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'coupon-submit' }}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        onKeyDown={keepEnterInDates}
        initialValues={{
          threshold: '199',
          off: '20',
          window: [dayjs().startOf('minute'), dayjs().add(7, 'day').startOf('minute')],
          perCustomerLimit: 1,
          totalQuantity: 1000,
          campaignId: campaigns[0]?.id,
        }}
        onFinish={async (v) => {
          setBusy(true);
          try {
            await storeApi.issueCoupon(key.current, {
              storeId,
              campaignId: v.campaignId,
              threshold: parseYuan(v.threshold) ?? 0,
              off: parseYuan(v.off) ?? 0,
              claimStartsAt: v.window[0].toISOString(),
              claimEndsAt: v.window[1].toISOString(),
              perCustomerLimit: v.perCustomerLimit,
              totalQuantity: v.totalQuantity,
            });
            onDone();
          } catch (e) {
            onError(e, form, (p) => {
              const s = p.join('.');
              if (s === 'promotion.off') return ['off'];
              if (s === 'promotion.threshold') return ['threshold'];
              if (s === 'claimStartsAt' || s === 'claimEndsAt') return ['window'];
              return p;
            });
          } finally {
            setBusy(false);
          }
        }}
      >
        <Form.Item name="campaignId" label={t('merchant.coupons.field.campaign')}>
          <Select
            allowClear
            placeholder={t('merchant.coupons.anyCampaign')}
            options={campaigns.map((c) => ({ value: c.id, label: pick(c.title) }))}
          />
        </Form.Item>
        <Form.Item
          name="threshold"
          label={t('merchant.coupons.field.threshold')}
          rules={[yuanRule(t, { zero: true })]}
          extra={t('merchant.coupons.field.thresholdHint')}
        >
          <Input prefix="¥" data-testid="coupon-threshold" />
        </Form.Item>
        <Form.Item
          name="off"
          label={t('merchant.coupons.field.off')}
          dependencies={['threshold']}
          rules={[
            yuanRule(t),
            ({ getFieldValue }) => ({
              validator: async (_, v) => {
                const th = parseYuan(getFieldValue('threshold'));
                const off = parseYuan(v);
                if (th && off && off >= th) throw new Error(t('merchant.coupons.field.offTooBig'));
              },
            }),
          ]}
        >
          <Input prefix="¥" data-testid="coupon-off" />
        </Form.Item>
        <Form.Item
          name="window"
          label={t('merchant.coupons.field.window')}
          rules={[{ required: true, message: t('merchant.form.required') }]}
        >
          <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
        </Form.Item>
        <Form.Item
          name="perCustomerLimit"
          label={t('merchant.coupons.field.perCustomer')}
          rules={[{ required: true }]}
        >
          <InputNumber min={1} max={1000} precision={0} />
        </Form.Item>
        <Form.Item
          name="totalQuantity"
          label={t('merchant.coupons.field.total')}
          rules={[{ required: true }]}
        >
          <InputNumber min={1} max={100_000_000} precision={0} data-testid="coupon-total" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 生成券码: single-use codes for this coupon, to hand out off the platform (live room, flyers). */
export function CodesDialog({ coupon, onClose }: { coupon: StoreCoupon; onClose(): void }) {
  const { t } = useI18n();
  const [count, setCount] = useState(10);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [busy, setBusy] = useState(false);
  const onError = useServerErrors();
  const key = useRef(newIdempotencyKey());
  return (
    <Modal
      open
      title={`${t('merchant.coupons.codes')} · ${couponText(coupon.promotion, t)}`}
      okText={codes ? t('merchant.form.close') : t('merchant.coupons.generate')}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'codes-submit' }}
      onCancel={onClose}
      onOk={async () => {
        if (codes) return onClose();
        setBusy(true);
        try {
          setCodes((await storeApi.couponCodes(key.current, coupon.id, count)).codes);
        } catch (e) {
          onError(e);
        } finally {
          setBusy(false);
        }
      }}
      destroyOnHidden
    >
      {codes ? (
        <>
          <Alert type="success" showIcon title={t('merchant.coupons.codesMade', { n: codes.length })} />
          <Typography.Paragraph copyable={{ text: codes.join('\n') }} style={{ marginTop: 12 }}>
            <pre data-testid="codes-list" style={{ maxHeight: 240, overflow: 'auto' }}>
              {codes.join('\n')}
            </pre>
          </Typography.Paragraph>
        </>
      ) : (
        <Form layout="vertical">
          <Form.Item label={t('merchant.coupons.codesCount')} extra={t('merchant.coupons.codesHint')}>
            <InputNumber
              min={1}
              max={10_000}
              precision={0}
              value={count}
              onChange={(v) => setCount(v ?? 1)}
            />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
