import { Button, DatePicker, Form, InputNumber, Radio, Select, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { useI18n } from '../../app/i18n';
import { dayjs } from '../../app/time';
import { useAsync } from '../../app/useAsync';
import { type EnrollmentRules, opsApi } from '../ops-api';

export interface RulesFormValues {
  window: [Dayjs, Dayjs];
  eligibleCategories: string[];
  minRating: number;
  maxPricePercent: number;
  depositRule: 'forfeit' | 'refund';
}

export function rulesFormValues(
  rules: EnrollmentRules | null,
  campaign: { startsAt: string },
): RulesFormValues {
  if (!rules) {
    const start = dayjs(campaign.startsAt);
    return {
      window: [
        dayjs().startOf('minute'),
        start.isAfter(dayjs()) ? start : dayjs().add(7, 'day').startOf('minute'),
      ],
      eligibleCategories: [],
      minRating: 4,
      maxPricePercent: 90,
      depositRule: 'forfeit',
    };
  }
  return {
    window: [dayjs(rules.opensAt), dayjs(rules.closesAt)],
    eligibleCategories: rules.eligibleCategories,
    minRating: rules.minRating,
    maxPricePercent: rules.maxPriceBp / 100,
    depositRule: rules.depositRule,
  };
}

/** 报名规则: window, categories, store rating and the real-discount cap, as the server checks them. */
export function RulesTab({
  rules,
  campaign,
  saving,
  onSave,
}: {
  rules: EnrollmentRules | null;
  campaign: { startsAt: string; endsAt: string };
  saving: boolean;
  onSave(values: RulesFormValues): Promise<boolean>;
}) {
  const { t, pick } = useI18n();
  const [form] = Form.useForm<RulesFormValues>();
  const { data: categories } = useAsync(() => opsApi.categories(), []);

  useEffect(() => {
    form.setFieldsValue(rulesFormValues(rules, campaign));
  }, [rules, campaign, form]);

  return (
    <Form<RulesFormValues>
      form={form}
      layout="vertical"
      style={{ maxWidth: 640 }}
      data-testid="rules-form"
      initialValues={rulesFormValues(rules, campaign)}
      onFinish={onSave}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.target as HTMLElement).tagName === 'INPUT') e.preventDefault();
      }}
    >
      {rules && (
        <div style={{ marginBottom: 12 }}>
          <Tag color={rules.open ? 'green' : 'default'} data-testid="rules-open">
            {rules.open ? t('rules.open') : t('rules.closed')}
          </Tag>
          <Tag>{t('rules.version', { n: rules.version })}</Tag>
        </div>
      )}
      <Form.Item
        name="window"
        label={`${t('rules.opensAt')} – ${t('rules.closesAt')}`}
        rules={[
          { required: true, message: t('form.required') },
          {
            validator: async (_, v?: [Dayjs | null, Dayjs | null]) => {
              if (v?.[0] && v[1] && !v[1].isAfter(v[0])) throw new Error(t('rules.closesAfterOpens'));
              if (v?.[1]?.isAfter(dayjs(campaign.endsAt)))
                throw new Error(t('console.error.WINDOW_AFTER_CAMPAIGN'));
            },
          },
        ]}
      >
        <DatePicker.RangePicker
          showTime={{ format: 'HH:mm' }}
          format="YYYY-MM-DD HH:mm"
          data-testid="rules-window"
        />
      </Form.Item>
      <Form.Item name="eligibleCategories" label={t('rules.categories')} extra={t('rules.categories.hint')}>
        <Select
          mode="multiple"
          allowClear
          // Codes are shown by name: the picked ones wait for the list instead of showing as codes.
          loading={!categories}
          labelRender={(item) => (categories ? item.label : '')}
          data-testid="rules-categories"
          optionFilterProp="label"
          options={(categories ?? []).map((c) => ({ value: c.code, label: pick(c.name) }))}
        />
      </Form.Item>
      <Form.Item
        name="minRating"
        label={t('rules.minRating')}
        rules={[{ required: true, message: t('form.required') }]}
      >
        <InputNumber min={0} max={5} step={0.1} precision={1} data-testid="rules-min-rating" />
      </Form.Item>
      <Form.Item
        name="maxPricePercent"
        label={t('rules.maxPrice')}
        extra={t('rules.maxPrice.hint')}
        rules={[{ required: true, message: t('form.required') }]}
      >
        <InputNumber min={0.01} max={100} step={1} precision={2} suffix="%" data-testid="rules-max-price" />
      </Form.Item>
      <Form.Item name="depositRule" label={t('rules.depositRule')}>
        <Radio.Group
          options={[
            { value: 'forfeit', label: t('rules.deposit.forfeit') },
            { value: 'refund', label: t('rules.deposit.refund') },
          ]}
        />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={saving} data-testid="rules-save">
        {t('rules.save')}
      </Button>
    </Form>
  );
}
