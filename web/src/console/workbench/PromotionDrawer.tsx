import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Checkbox, DatePicker, Drawer, Form, Input, InputNumber, Select, Space } from 'antd';
import { useEffect } from 'react';
import { useI18n } from '../../app/i18n';
import { MoneyInput, parseYuan, useMoneyRules } from '../shared';
import { LAYER_TYPES, LAYERS, type Layer, PROMOTION_ID, type PromotionFormValues } from './promotion-model';

/** Add or edit one campaign promotion; validation mirrors the pricing engine's scenario schema. */
export function PromotionDrawer({
  open,
  initial,
  takenIds,
  stores,
  onClose,
  onDone,
}: {
  open: boolean;
  initial: PromotionFormValues | null;
  takenIds: string[];
  stores: { value: string; label: string }[];
  onClose(): void;
  onDone(values: PromotionFormValues): void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<PromotionFormValues>();
  const moneyRules = useMoneyRules();
  const layer = Form.useWatch('layer', form) as Layer | undefined;
  const type = Form.useWatch('type', form);
  const editing = Boolean(initial?.id);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(
      initial ?? { layer: 'cross_store', type: 'every', tiers: [{}], required: true, id: '' },
    );
  }, [open, initial, form]);

  const money = (name: string, label: string, required = true) => (
    <Form.Item name={name} label={t(label as never)} rules={moneyRules(required)}>
      <MoneyInput testId={`promo-${name}`} />
    </Form.Item>
  );

  return (
    <Drawer
      open={open}
      onClose={onClose}
      size="large"
      title={editing ? t('promo.edit') : t('promo.add')}
      destroyOnHidden
      extra={
        <Button type="primary" onClick={() => form.submit()} data-testid="promo-drawer-ok">
          {t('common.ok')}
        </Button>
      }
    >
      <Form<PromotionFormValues>
        form={form}
        layout="vertical"
        data-testid="promo-form"
        onFinish={(v) => onDone(v)}
        onKeyDown={(e) => {
          // Enter in a field (a date picker above all) does not submit half a promotion.
          if (e.key === 'Enter') e.preventDefault();
        }}
      >
        <Form.Item
          name="id"
          label={t('promo.id')}
          extra={
            <>
              {t('promo.id.hint')} <code>cross-300-50</code>
            </>
          }
          rules={[
            { required: true, message: t('form.required') },
            { pattern: PROMOTION_ID, message: t('promo.id.pattern') },
            {
              validator: async (_, v: string) => {
                if (v && takenIds.includes(v.trim())) throw new Error(t('promo.id.taken'));
              },
            },
          ]}
        >
          <Input disabled={editing} data-testid="promo-id" style={{ maxWidth: 320 }} />
        </Form.Item>
        <Space size={16} wrap>
          <Form.Item name="layer" label={t('promo.layer')} rules={[{ required: true }]}>
            <Select
              style={{ width: 160 }}
              data-testid="promo-layer"
              options={LAYERS.map((l) => ({ value: l, label: t(`promo.layer.${l}`) }))}
              onChange={(l: Layer) => form.setFieldValue('type', LAYER_TYPES[l][0])}
            />
          </Form.Item>
          <Form.Item name="type" label={t('promo.type')} rules={[{ required: true }]}>
            <Select
              style={{ width: 160 }}
              data-testid="promo-type"
              options={(LAYER_TYPES[layer ?? 'item'] as readonly string[]).map((ty) => ({
                value: ty,
                label: t(`promo.type.${ty}` as never),
              }))}
            />
          </Form.Item>
        </Space>

        {type === 'amount_off' && money('amount', 'promo.amount')}
        {type === 'fixed_price' && money('price', 'promo.price')}
        {(type === 'percent_off' || type === 'percent_coupon') && (
          <Form.Item
            name="percent"
            label={t('promo.percent')}
            extra={t('promo.percent.hint')}
            rules={[{ required: true, message: t('form.required') }]}
          >
            <InputNumber min={1} max={99} precision={0} suffix="%" data-testid="promo-percent" />
          </Form.Item>
        )}
        {type === 'presale' && (
          <Space size={16} wrap>
            {money('deposit', 'promo.deposit')}
            <Form.Item
              name="depositValue"
              label={t('promo.depositValue')}
              dependencies={['deposit']}
              rules={[
                ...moneyRules(true),
                ({ getFieldValue }) => ({
                  validator: async (_, v: string) => {
                    const d = parseYuan(getFieldValue('deposit'));
                    const w = parseYuan(v);
                    if (d !== null && w !== null && w <= d) throw new Error(t('promo.depositValue.more'));
                  },
                }),
              ]}
            >
              <MoneyInput testId="promo-depositValue" />
            </Form.Item>
          </Space>
        )}
        {type === 'threshold' && <TierList />}
        {(type === 'every' || type === 'allowance') && (
          <Space size={16} wrap>
            {money('step', 'promo.step')}
            {money('off', 'promo.off')}
            {type === 'every' && money('cap', 'promo.cap', false)}
          </Space>
        )}
        {(type === 'coupon' || type === 'percent_coupon') && (
          <Space size={16} wrap>
            {money('threshold', 'promo.threshold', false)}
            {type === 'coupon' && money('off', 'promo.off')}
            {type === 'percent_coupon' && money('maxOff', 'promo.maxOff', false)}
          </Space>
        )}

        <Form.Item
          name="window"
          label={`${t('promo.startsAt')} – ${t('promo.endsAt')}`}
          extra={t('promo.window.hint')}
          rules={[
            {
              validator: async (_, v: PromotionFormValues['window']) => {
                if (v?.[0] && v[1] && !v[1].isAfter(v[0])) throw new Error(t('promo.endsAfterStarts'));
              },
            },
          ]}
        >
          <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" allowEmpty />
        </Form.Item>
        {layer !== 'item' && layer !== 'platform' && stores.length > 0 && (
          <Form.Item name="stores" label={t('promo.stores')} extra={t('promo.stores.hint')}>
            <Select mode="multiple" options={stores} allowClear style={{ maxWidth: 480 }} />
          </Form.Item>
        )}
        {layer !== 'platform' && (
          <Form.Item name="required" valuePropName="checked">
            <Checkbox data-testid="promo-required">{t('rules.required')}</Checkbox>
          </Form.Item>
        )}
      </Form>
    </Drawer>
  );
}

/** 满减 tiers: thresholds strictly ascending, each saving below its threshold (as parseScenario checks). */
function TierList() {
  const { t } = useI18n();
  const moneyRules = useMoneyRules();
  return (
    <Form.List
      name="tiers"
      rules={[
        {
          validator: async (_, tiers: { threshold?: string; off?: string }[] = []) => {
            let last = -1;
            for (const tier of tiers) {
              const th = parseYuan(tier?.threshold);
              const off = parseYuan(tier?.off);
              if (th === null) continue;
              if (th <= last) throw new Error(t('promo.tiers.ascending'));
              if (off !== null && off >= th) throw new Error(t('promo.tiers.offBelow'));
              last = th;
            }
          },
        },
      ]}
    >
      {(fields, { add, remove }, { errors }) => (
        <Form.Item label={t('promo.tiers')}>
          {fields.map((field, i) => (
            <Space key={field.key} align="baseline">
              <Form.Item
                name={[field.name, 'threshold']}
                label={t('promo.tier.threshold')}
                rules={moneyRules(true)}
              >
                <MoneyInput testId={`tier-threshold-${i}`} />
              </Form.Item>
              <Form.Item name={[field.name, 'off']} label={t('promo.tier.off')} rules={moneyRules(true)}>
                <MoneyInput testId={`tier-off-${i}`} />
              </Form.Item>
              {fields.length > 1 && <MinusCircleOutlined onClick={() => remove(field.name)} />}
            </Space>
          ))}
          <Button type="dashed" onClick={() => add({})} icon={<PlusOutlined />}>
            {t('promo.tier.add')}
          </Button>
          <Form.ErrorList errors={errors} />
        </Form.Item>
      )}
    </Form.List>
  );
}
