import { Alert, App, Checkbox, Form, Input, Modal, Typography } from 'antd';
import { useRef, useState } from 'react';
import { Intent, type WebhookEventType, webhooksApi } from '../api';
import { useI18n } from '../app/i18n';
import { useAsync } from '../app/useAsync';
import { markServerField, portalErrorText } from './portal-ui';
import { SecretField } from './SecretField';

interface FormValues {
  url: string;
  /** Picked from the server's list (GET /api/webhooks/event-types). */
  eventTypes: WebhookEventType[];
  description?: string;
  campaignId?: string;
}

/**
 * Subscribe a URL to event types (the list is the server's). One Intent per subscription, so
 * a double click or a retry after a timeout makes one endpoint, not two; after a refusal the
 * corrected form is a new intent.
 */
export function SubscribeDialog({ open, onClose }: { open: boolean; onClose(created: boolean): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const types = useAsync(() => (open ? webhooksApi.eventTypes() : Promise.resolve(undefined)), [open]);
  const [saving, setSaving] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const intent = useRef(new Intent());

  const submit = async (values: FormValues) => {
    setSaving(true);
    try {
      const answer = await intent.current.run((key) =>
        webhooksApi.create(
          {
            url: values.url.trim(),
            eventTypes: values.eventTypes,
            description: values.description?.trim() || undefined,
            campaignId: values.campaignId?.trim() || undefined,
          },
          key,
        ),
      );
      setSecret(answer.secret);
    } catch (e) {
      if (!markServerField(form, t, e, ['url', 'eventTypes', 'description', 'campaignId']))
        message.error(portalErrorText(t, e));
    } finally {
      setSaving(false);
    }
  };

  const close = () => {
    const made = secret !== null;
    form.resetFields();
    setSecret(null);
    intent.current.renew();
    onClose(made);
  };

  return (
    <Modal
      open={open}
      title={t('portal.hooks.form.title')}
      onCancel={close}
      okText={secret ? t('portal.keys.shown.done') : t('portal.hooks.form.submit')}
      cancelText={t('portal.cancel')}
      cancelButtonProps={{ style: secret ? { display: 'none' } : undefined }}
      onOk={() => (secret ? close() : form.submit())}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'hook-submit' }}
      width={720}
    >
      {secret ? (
        <div data-testid="hook-created">
          <Alert type="success" showIcon title={t('portal.hooks.created')} style={{ marginBottom: 12 }} />
          <SecretField value={secret} />
          <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
            {t('portal.hooks.secret.help')}
          </Typography.Paragraph>
        </div>
      ) : (
        <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item
            name="url"
            label={t('portal.hooks.form.url')}
            rules={[{ required: true, whitespace: true, message: t('portal.hooks.form.url.required') }]}
          >
            <Input placeholder="https://example.com/carnival/hooks" maxLength={2000} data-testid="hook-url" />
          </Form.Item>
          <Form.Item
            name="eventTypes"
            label={t('portal.hooks.form.events')}
            rules={[
              { required: true, type: 'array', min: 1, message: t('portal.hooks.form.events.required') },
            ]}
          >
            <Checkbox.Group style={{ display: 'grid', gridTemplateColumns: '1fr 1fr 1fr', gap: 6 }}>
              {(types.data?.items ?? []).map((type) => (
                <Checkbox key={type} value={type} data-testid={`event-${type}`}>
                  <code>{type}</code>
                </Checkbox>
              ))}
            </Checkbox.Group>
          </Form.Item>
          <Form.Item name="description" label={t('portal.hooks.form.description')}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="campaignId" label={t('portal.hooks.form.campaign')}>
            <Input maxLength={100} placeholder="cmp_…" />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
