import { PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  DatePicker,
  Drawer,
  Empty,
  Form,
  InputNumber,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useI18n } from '../../app/i18n';
import { dayjs } from '../../app/time';
import { type Coupon, type CouponDraft, Intent, opsApi, type Promotion } from '../ops-api';
import { fenOf, fmtTime, isoOf, MoneyInput, useFailure, useMoneyRules } from '../shared';
import { describe } from './promotion-model';

interface CouponFormValues {
  type: 'coupon' | 'percent_coupon';
  layer: 'platform' | 'cross_store';
  threshold?: string;
  off?: string;
  percent?: number;
  maxOff?: string;
  claim: [Dayjs, Dayjs];
  perCustomerLimit: number;
  totalQuantity: number;
}

/** 平台券: the campaign's platform coupons; issue one, pause or resume claiming (one or many). */
export function CouponsTab({
  campaignId,
  campaign,
  coupons,
  reload,
}: {
  campaignId: string;
  campaign: { startsAt: string; endsAt: string };
  coupons: Coupon[];
  reload(): void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const fail = useFailure();
  const moneyRules = useMoneyRules();
  const [form] = Form.useForm<CouponFormValues>();
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const [selected, setSelected] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const intent = useMemo(() => new Intent(), []);
  const type = Form.useWatch('type', form);

  const initial: Partial<CouponFormValues> = {
    type: 'coupon',
    layer: 'platform',
    claim: [dayjs().startOf('minute'), dayjs(campaign.endsAt)],
    perCustomerLimit: 1,
    totalQuantity: 1000,
  };

  const submit = async (v: CouponFormValues) => {
    setSaving(true);
    const promotion: Record<string, unknown> = { type: v.type, layer: v.layer };
    const threshold = fenOf(v.threshold);
    if (threshold !== undefined) promotion.threshold = threshold;
    if (v.type === 'coupon') promotion.off = fenOf(v.off);
    else {
      promotion.percent = v.percent;
      const maxOff = fenOf(v.maxOff);
      if (maxOff !== undefined) promotion.maxOff = maxOff;
    }
    const draft: CouponDraft = {
      campaignId,
      scope: 'platform',
      promotion,
      claimStartsAt: isoOf(v.claim[0])!,
      claimEndsAt: isoOf(v.claim[1])!,
      perCustomerLimit: v.perCustomerLimit,
      totalQuantity: v.totalQuantity,
    };
    try {
      await opsApi.createCoupon(draft, intent);
      intent.renew();
      message.success(t('coupon.created'));
      setOpen(false);
      reload();
    } catch (e) {
      fail(e, form);
    } finally {
      setSaving(false);
    }
  };

  const bulk = async (action: 'pause' | 'resume', ids: string[]) => {
    setBusy(true);
    try {
      for (const id of ids) await opsApi.setCouponStatus(id, action);
      setSelected([]);
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
      reload();
    }
  };

  const whole = (max: number) => [
    { required: true, message: t('form.required') },
    { type: 'integer' as const, min: 1, max, message: t('coupon.wholeNumber', { max }) },
  ];

  return (
    <div data-testid="coupons-tab">
      <Space style={{ marginBottom: 12 }} wrap>
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => {
            form.resetFields();
            form.setFieldsValue(initial);
            setOpen(true);
          }}
          data-testid="coupon-new"
        >
          {t('coupon.new')}
        </Button>
        <Button disabled={selected.length === 0} loading={busy} onClick={() => bulk('pause', selected)}>
          {t('coupon.bulkPause')}
        </Button>
        <Button disabled={selected.length === 0} loading={busy} onClick={() => bulk('resume', selected)}>
          {t('coupon.bulkResume')}
        </Button>
        {selected.length > 0 && (
          <Typography.Text type="secondary">{t('coupon.selected', { n: selected.length })}</Typography.Text>
        )}
      </Space>
      <Table<Coupon>
        rowKey="id"
        size="small"
        dataSource={coupons}
        pagination={false}
        scroll={{ x: 720 }}
        rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]) }}
        locale={{ emptyText: <Empty description={t('coupon.empty')} /> }}
        columns={[
          {
            key: 'name',
            title: t('coupon.col.name'),
            render: (_, c) => (
              <div data-testid="coupon-row" data-status={c.status}>
                {t(`promo.type.${c.promotion.type}`)} <Tag>{t(`promo.layer.${c.promotion.layer}`)}</Tag>
              </div>
            ),
          },
          {
            key: 'rule',
            title: t('coupon.col.rule'),
            render: (_, c) => describe(c.promotion as Promotion, t),
          },
          {
            key: 'claim',
            title: t('coupon.col.claim'),
            render: (_, c) => `${fmtTime(c.claimStartsAt)} – ${fmtTime(c.claimEndsAt)}`,
          },
          {
            key: 'qty',
            title: t('coupon.col.quantity'),
            render: (_, c) => `${c.totalQuantity} / ${c.claimedCount}`,
          },
          { key: 'limit', title: t('coupon.col.limit'), dataIndex: 'perCustomerLimit' },
          {
            key: 'status',
            title: t('coupon.col.status'),
            render: (_, c) => (
              <Tag color={c.status === 'active' ? 'green' : 'default'}>{t(`coupon.status.${c.status}`)}</Tag>
            ),
          },
          {
            key: 'actions',
            title: t('console.col.actions'),
            render: (_, c) => (
              <Button
                type="link"
                size="small"
                onClick={() => bulk(c.status === 'active' ? 'pause' : 'resume', [c.id])}
              >
                {c.status === 'active' ? t('coupon.pause') : t('coupon.resume')}
              </Button>
            ),
          },
        ]}
      />
      <Drawer
        open={open}
        onClose={() => setOpen(false)}
        title={t('coupon.new')}
        size="large"
        extra={
          <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="coupon-submit">
            {t('common.ok')}
          </Button>
        }
      >
        <Form<CouponFormValues>
          form={form}
          layout="vertical"
          initialValues={initial}
          onFinish={submit}
          data-testid="coupon-form"
          onKeyDown={(e) => {
            if (e.key === 'Enter') e.preventDefault();
          }}
        >
          <Space size={16} wrap>
            <Form.Item name="type" label={t('coupon.kind')}>
              <Select
                style={{ width: 160 }}
                options={[
                  { value: 'coupon', label: t('promo.type.coupon') },
                  { value: 'percent_coupon', label: t('promo.type.percent_coupon') },
                ]}
              />
            </Form.Item>
            <Form.Item name="layer" label={t('coupon.layer')}>
              <Select
                style={{ width: 160 }}
                options={[
                  { value: 'platform', label: t('promo.layer.platform') },
                  { value: 'cross_store', label: t('promo.layer.cross_store') },
                ]}
              />
            </Form.Item>
          </Space>
          <Space size={16} wrap>
            <Form.Item name="threshold" label={t('promo.threshold')} rules={moneyRules(false)}>
              <MoneyInput testId="coupon-threshold" />
            </Form.Item>
            {type !== 'percent_coupon' ? (
              <Form.Item
                name="off"
                label={t('promo.off')}
                dependencies={['threshold']}
                rules={[
                  ...moneyRules(true),
                  ({ getFieldValue }) => ({
                    validator: async (_, v: string) => {
                      const th = fenOf(getFieldValue('threshold'));
                      const off = fenOf(v);
                      if (th && off !== undefined && off >= th) throw new Error(t('promo.tiers.offBelow'));
                    },
                  }),
                ]}
              >
                <MoneyInput testId="coupon-off" />
              </Form.Item>
            ) : (
              <>
                <Form.Item
                  name="percent"
                  label={t('promo.percent')}
                  rules={[{ required: true, message: t('form.required') }]}
                >
                  <InputNumber min={1} max={99} precision={0} suffix="%" />
                </Form.Item>
                <Form.Item name="maxOff" label={t('promo.maxOff')} rules={moneyRules(false)}>
                  <MoneyInput />
                </Form.Item>
              </>
            )}
          </Space>
          <Form.Item
            name="claim"
            label={`${t('coupon.claimStartsAt')} – ${t('coupon.claimEndsAt')}`}
            rules={[
              { required: true, message: t('form.required') },
              {
                validator: async (_, v?: [Dayjs | null, Dayjs | null]) => {
                  if (v?.[0] && v[1] && !v[1].isAfter(v[0])) throw new Error(t('coupon.claimEndsAfter'));
                },
              },
            ]}
          >
            <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
          </Form.Item>
          <Space size={16} wrap>
            <Form.Item name="perCustomerLimit" label={t('coupon.perCustomer')} rules={whole(1000)}>
              <InputNumber min={1} max={1000} precision={0} />
            </Form.Item>
            <Form.Item name="totalQuantity" label={t('coupon.total')} rules={whole(100_000_000)}>
              <InputNumber min={1} max={100_000_000} precision={0} data-testid="coupon-total" />
            </Form.Item>
          </Space>
        </Form>
      </Drawer>
    </div>
  );
}
