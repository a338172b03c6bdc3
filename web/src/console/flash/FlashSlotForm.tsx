import { App, Button, Col, DatePicker, Drawer, Form, Input, InputNumber, Row, Select, Switch } from 'antd';
import { useMemo, useRef, useState } from 'react';
import { type CampaignSummary, type FlashSlot, flashApi, Intent, isApiError } from '../../api';
import { type MessageKey, useI18n } from '../../app/i18n';
import { keepEnterInDates } from '../../app/keep-enter';
import { COMMON_TIMEZONES, isoToWallClock } from '../../app/time';
import { useAsync } from '../../app/useAsync';
import { refusalText } from '../../flash/refusals';
import { merchantApi } from '../../merchant/api';
import { parseYuan, yuan } from '../../merchant/format';
import { formFieldOf, type SlotFormValues, toSlotInput } from './slot-form-model';

const dateTime = {
  showTime: { format: 'HH:mm:ss' },
  format: 'YYYY-MM-DD HH:mm:ss',
  style: { width: '100%' },
};

interface Props {
  campaign: CampaignSummary;
  onClose(): void;
  onCreated(slot: FlashSlot): void;
}

/**
 * 新建秒杀: a SKU among the campaign's approved nominations, start and end as wall-clock times in
 * a chosen zone (the campaign's by default), the flash price typed in yuan and sent in fen, the
 * stock carved out of the SKU, and the per-slot knobs (limit, checkout minutes, waiting room,
 * account age, rate limits). One Idempotency-Key per submit intent: a double click creates one slot.
 */
export function FlashSlotForm({ campaign, onClose, onCreated }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<SlotFormValues>();
  const [saving, setSaving] = useState(false);
  const intent = useRef(new Intent());
  const nominations = useAsync(
    () => merchantApi.nominations({ campaignId: campaign.id, status: 'approved', limit: 200 }),
    [campaign.id],
  );
  const items = nominations.data?.items ?? [];
  const skuId = Form.useWatch('skuId', form);
  const picked = useMemo(() => items.find((n) => n.skuId === skuId), [items, skuId]);
  const required = [{ required: true, message: t('flash.form.required') }];

  // The pickers hold wall-clock times of the chosen zone: the defaults are "in 10 minutes" there.
  const inMinutes = (n: number) =>
    isoToWallClock(new Date(Date.now() + n * 60_000).toISOString(), campaign.timezone).second(0);
  const initialValues: Partial<SlotFormValues> = {
    timezone: campaign.timezone,
    startsAt: inMinutes(10),
    endsAt: inMinutes(70),
    perCustomerLimit: 1,
    checkoutMinutes: 5,
    waitingRoom: false,
    minAccountAgeHours: 0,
  };

  const showServerError = (e: unknown) => {
    if (!isApiError(e)) return message.error(t('flash.error.generic'));
    if (e.code === 'NOT_NOMINATED')
      return form.setFields([{ name: 'skuId', errors: [t('flash.error.NOT_NOMINATED')] }]);
    if (e.code === 'STOCK_SHORT')
      return form.setFields([{ name: 'stock', errors: [t('flash.error.STOCK_SHORT')] }]);
    const fields = [e.field, ...e.issues.map((i) => i.field)].filter((f): f is string => !!f);
    const named = [...new Set(fields.map(formFieldOf).filter((f) => f !== null))];
    if (named.length === 0) return message.error(refusalText(e, t));
    const text = (f: string) => {
      const key = `flash.form.field.${f === 'flashPriceYuan' ? 'flashPrice' : f}`;
      return FIELD_TEXT[key] ? t(key as MessageKey) : t('flash.form.invalidField');
    };
    form.setFields(named.map((name) => ({ name, errors: [text(name)] })));
    message.error(t('form.fixFields'));
  };

  const submit = async (values: SlotFormValues) => {
    setSaving(true);
    try {
      const slot = await intent.current.run((key) => flashApi.create(toSlotInput(campaign.id, values), key));
      intent.current.renew();
      message.success(t('flash.console.created'));
      onCreated(slot);
    } catch (e) {
      showServerError(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer
      open
      size={560}
      title={t('flash.form.title')}
      onClose={onClose}
      destroyOnHidden
      data-testid="flash-form"
      extra={
        <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="flash-form-submit">
          {t('flash.form.submit')}
        </Button>
      }
    >
      <Form<SlotFormValues>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={submit}
        onKeyDown={keepEnterInDates}
      >
        <Form.Item name="skuId" label={t('flash.form.sku')} rules={required}>
          <Select
            showSearch
            optionFilterProp="label"
            loading={nominations.loading}
            notFoundContent={t('flash.form.sku.empty')}
            data-testid="flash-form-sku"
            options={items.map((n) => ({
              value: n.skuId,
              label: t('flash.form.sku.option', {
                title: [n.title, ...Object.values(n.attributes ?? {})].join(' '),
                store: n.storeName ?? '',
                price: yuan(n.campaignPrice),
                stock: n.campaignStock,
              }),
            }))}
          />
        </Form.Item>
        <Form.Item name="timezone" label={t('flash.form.timezone')} rules={required}>
          <Select
            showSearch
            options={[...new Set([campaign.timezone, ...COMMON_TIMEZONES])].map((z) => ({
              value: z,
              label: z,
            }))}
          />
        </Form.Item>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="startsAt" label={t('flash.form.startsAt')} rules={required}>
              <DatePicker {...dateTime} data-testid="flash-form-starts" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="endsAt"
              label={t('flash.form.endsAt')}
              dependencies={['startsAt']}
              rules={[
                ...required,
                ({ getFieldValue }) => ({
                  validator: (_, v) =>
                    !v || !getFieldValue('startsAt') || v.isAfter(getFieldValue('startsAt'))
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('flash.form.field.endsAt'))),
                }),
              ]}
            >
              <DatePicker {...dateTime} data-testid="flash-form-ends" />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item
              name="flashPriceYuan"
              label={t('flash.form.flashPrice')}
              extra={picked?.listPrice ? `${t('flash.listPrice')} ${yuan(picked.listPrice)}` : undefined}
              rules={[
                ...required,
                {
                  validator: (_, v) => {
                    if (v === undefined || v === '') return Promise.resolve();
                    const fen = parseYuan(v);
                    if (fen === null) return Promise.reject(new Error(t('flash.form.flashPrice.invalid')));
                    if (fen <= 0 || (picked?.listPrice && fen >= picked.listPrice))
                      return Promise.reject(new Error(t('flash.form.field.flashPrice')));
                    return Promise.resolve();
                  },
                },
              ]}
            >
              <Input prefix="¥" inputMode="decimal" data-testid="flash-form-price" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="stock" label={t('flash.form.stock')} rules={required}>
              <InputNumber min={1} precision={0} style={{ width: '100%' }} data-testid="flash-form-stock" />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="perCustomerLimit" label={t('flash.form.perCustomerLimit')} rules={required}>
              <InputNumber min={1} max={99} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="checkoutMinutes" label={t('flash.form.checkoutMinutes')} rules={required}>
              <InputNumber min={1} max={60} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item
              name="waitingRoom"
              label={t('flash.form.waitingRoom')}
              valuePropName="checked"
              extra={t('flash.form.waitingRoom.hint')}
            >
              <Switch data-testid="flash-form-waiting-room" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="minAccountAgeHours" label={t('flash.form.minAccountAgeHours')}>
              <InputNumber min={0} max={8760} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label={t('flash.form.limits')} style={{ marginBottom: 0 }}>
          <Row gutter={12}>
            {(['slotRatePerSec', 'customerRatePerSec', 'ipRatePerSec'] as const).map((name) => (
              <Col span={8} key={name}>
                <Form.Item name={name} extra={t(`flash.form.${name}`)}>
                  <InputNumber min={1} precision={0} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            ))}
          </Row>
        </Form.Item>
      </Form>
    </Drawer>
  );
}

/** The fields with a sentence of their own in the catalogue; the rest get "please check this". */
const FIELD_TEXT: Record<string, true> = {
  'flash.form.field.flashPrice': true,
  'flash.form.field.endsAt': true,
  'flash.form.field.startsAt': true,
  'flash.form.field.stock': true,
  'flash.form.field.skuId': true,
};
