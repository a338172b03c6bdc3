import { DatePicker, Form, Input, InputNumber, Modal, Radio, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { Intent } from '../../api/intent';
import { useI18n } from '../../app/i18n';
import { wallClockToIso } from '../../app/time';
import { fenOf, MoneyInput, useMoneyRules } from '../shared';
import { type TicketSetup, type TicketVoucher, ticketsConsoleApi, type VoucherDraft } from './api';
import { EVENT_TZ, useTicketFailure } from './shared';

type Effect = VoucherDraft['effect'];

interface VoucherFormValues {
  mode: 'one' | 'bulk';
  code?: string;
  count?: number;
  prefix?: string;
  effect: Effect;
  /** amount: yuan as typed. */
  amount?: string;
  /** percent 1..100, reserve: seats. */
  value?: number;
  typeIds?: string[];
  maxUses: number;
  validFrom?: Dayjs | null;
  validUntil?: Dayjs | null;
}

/** 新建优惠码: one code (typed) or `count` generated ones with a prefix. */
export function VoucherModal({
  eventId,
  setup,
  open,
  onClose,
  onSaved,
}: {
  eventId: string;
  setup: TicketSetup;
  open: boolean;
  onClose(): void;
  onSaved(made: TicketVoucher[]): void;
}) {
  const { t, pick } = useI18n();
  const fail = useTicketFailure();
  const moneyRules = useMoneyRules();
  const [form] = Form.useForm<VoucherFormValues>();
  const [saving, setSaving] = useState(false);
  const intent = useMemo(() => new Intent(), []);
  const mode = Form.useWatch('mode', form);
  const effect = Form.useWatch('effect', form);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue({ mode: 'one', effect: 'amount', maxUses: 1, count: 10, prefix: '', typeIds: [] });
    intent.renew();
  }, [open, form, intent]);

  const submit = async (v: VoucherFormValues) => {
    setSaving(true);
    const value = v.effect === 'amount' ? (fenOf(v.amount) ?? 0) : v.effect === 'unlock' ? 0 : (v.value ?? 0);
    const body: VoucherDraft = {
      effect: v.effect,
      value,
      typeIds: v.typeIds ?? [],
      maxUses: v.maxUses,
      validFrom: v.validFrom ? wallClockToIso(v.validFrom, EVENT_TZ) : null,
      validUntil: v.validUntil ? wallClockToIso(v.validUntil, EVENT_TZ) : null,
      ...(v.mode === 'one'
        ? { code: v.code?.trim(), count: 1, prefix: '' }
        : { count: v.count ?? 1, prefix: v.prefix?.trim() ?? '' }),
    };
    try {
      onSaved(await ticketsConsoleApi.createVouchers(eventId, body, intent));
    } catch (e) {
      // The server names `value`; on this form an amount is typed in the yuan field.
      fail(e, form, (f) => (f === 'value' && v.effect === 'amount' ? 'amount' : f));
    } finally {
      setSaving(false);
    }
  };

  const whole = (min: number, max: number) => ({
    type: 'integer' as const,
    min,
    max,
    message: t('tcon.wholeBetween', { min, max }),
  });
  const required = { required: true, message: t('form.required') };

  return (
    <Modal
      open={open}
      width={620}
      title={t('tcon.voucher.new')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('tcon.voucher.create')}
      cancelText={t('tcon.cancel')}
      okButtonProps={{ loading: saving, 'data-testid': 'voucher-save' } as never}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={submit} data-testid="voucher-form">
        <Form.Item name="mode">
          <Radio.Group
            optionType="button"
            data-testid="voucher-mode"
            options={[
              { value: 'one', label: t('tcon.voucher.one') },
              { value: 'bulk', label: <span data-testid="voucher-mode-bulk">{t('tcon.voucher.bulk')}</span> },
            ]}
          />
        </Form.Item>
        {mode === 'bulk' ? (
          <Space size="large" wrap>
            <Form.Item name="count" label={t('tcon.voucher.count')} rules={[required, whole(1, 1000)]}>
              <InputNumber min={1} max={1000} precision={0} data-testid="voucher-count" />
            </Form.Item>
            <Form.Item
              name="prefix"
              label={t('tcon.voucher.prefix')}
              extra={t('tcon.voucher.prefixHint')}
              rules={[{ pattern: /^[A-Za-z0-9]{0,12}$/, message: t('tcon.voucher.prefixRule') }]}
            >
              <Input data-testid="voucher-prefix" translate="no" style={{ width: 200 }} />
            </Form.Item>
          </Space>
        ) : (
          <Form.Item
            name="code"
            label={t('tcon.voucher.code')}
            extra={t('tcon.voucher.codeHint')}
            rules={[{ pattern: /^[A-Za-z0-9_-]{4,40}$/, message: t('tcon.voucher.codeRule') }]}
          >
            <Input data-testid="voucher-code" translate="no" />
          </Form.Item>
        )}
        <Form.Item name="effect" label={t('tcon.voucher.effect')}>
          <Select
            data-testid="voucher-effect"
            options={(['unlock', 'amount', 'percent', 'reserve'] as const).map((e) => ({
              value: e,
              label: t(`tcon.effect.${e}`),
            }))}
          />
        </Form.Item>
        {effect === 'amount' && (
          <Form.Item name="amount" label={t('tcon.voucher.amount')} rules={moneyRules(true)}>
            <MoneyInput testId="voucher-amount" />
          </Form.Item>
        )}
        {effect === 'percent' && (
          <Form.Item name="value" label={t('tcon.voucher.percent')} rules={[required, whole(1, 100)]}>
            <InputNumber min={1} max={100} precision={0} suffix="%" />
          </Form.Item>
        )}
        {effect === 'reserve' && (
          <Form.Item
            name="value"
            label={t('tcon.voucher.seats')}
            extra={t('tcon.voucher.reserveHint')}
            rules={[required, whole(1, 100_000)]}
          >
            <InputNumber min={1} precision={0} />
          </Form.Item>
        )}
        <Form.Item
          name="typeIds"
          label={t('tcon.voucher.types')}
          extra={effect === 'reserve' ? t('tcon.voucher.oneType') : t('tcon.voucher.allTypes')}
          rules={
            effect === 'reserve'
              ? [{ required: true, type: 'array', len: 1, message: t('tcon.voucher.oneType') }]
              : []
          }
        >
          <Select
            mode="multiple"
            allowClear
            options={setup.types.map((ty) => ({ value: ty.id, label: pick(ty.name) }))}
          />
        </Form.Item>
        <Space size="large" wrap>
          <Form.Item name="maxUses" label={t('tcon.voucher.maxUses')} rules={[required, whole(1, 10_000)]}>
            <InputNumber min={1} max={10_000} precision={0} data-testid="voucher-max-uses" />
          </Form.Item>
          <Form.Item name="validFrom" label={t('tcon.voucher.validFrom')} extra={t('tcon.tzHint')}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
          </Form.Item>
          <Form.Item name="validUntil" label={t('tcon.voucher.validUntil')}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}
