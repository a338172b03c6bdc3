import { App, Button, Form, InputNumber, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useI18n } from '../../app/i18n';
import { useAsync } from '../../app/useAsync';
import { opsApi } from '../ops-api';
import { useFailure } from '../shared';

/** 售后政策: the campaign's price-protection (价保) window. */
export function AfterSaleTab({ campaignId }: { campaignId: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const fail = useFailure();
  const loaded = useAsync(() => opsApi.afterSale(campaignId), [campaignId]);
  const [form] = Form.useForm<{ priceProtectionDays: number }>();
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (loaded.data) form.setFieldsValue({ priceProtectionDays: loaded.data.priceProtectionDays });
  }, [loaded.data, form]);

  return (
    <Form
      form={form}
      layout="vertical"
      style={{ maxWidth: 480 }}
      data-testid="after-sale-form"
      onFinish={async (v) => {
        setSaving(true);
        try {
          loaded.setData(await opsApi.setAfterSale(campaignId, v.priceProtectionDays));
          message.success(t('wb.saved'));
        } catch (e) {
          fail(e, form);
        } finally {
          setSaving(false);
        }
      }}
    >
      {loaded.data?.isDefault && <Tag style={{ marginBottom: 12 }}>{t('afterSale.default')}</Tag>}
      <Form.Item
        name="priceProtectionDays"
        label={t('afterSale.days')}
        extra={t('afterSale.days.hint')}
        rules={[
          { required: true, message: t('form.required') },
          { type: 'integer', min: 0, max: 365, message: t('afterSale.days.invalid') },
        ]}
      >
        <InputNumber min={0} max={365} precision={0} data-testid="after-sale-days" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={saving} data-testid="after-sale-save">
        {t('afterSale.save')}
      </Button>
    </Form>
  );
}
