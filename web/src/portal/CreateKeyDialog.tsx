import { Alert, App, Button, Checkbox, Form, Input, InputNumber, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import { API_SCOPES, type ApiScope, apiKeysApi, isApiError, type NewApiKey } from '../api';
import { type MessageKey, useI18n } from '../app/i18n';
import { useAsync } from '../app/useAsync';
import { useSession } from '../auth/session';
import { merchantApi } from '../merchant/api';
import { markServerField, portalErrorText } from './portal-ui';
import { SecretField } from './SecretField';

interface FormValues {
  name: string;
  scopes: ApiScope[];
  storeIds?: string[];
  ratePerMinute?: number | null;
}

/**
 * Create a key: name, scopes (with what each allows), optional stores and rate. When the server
 * answers REAUTH_REQUIRED the password prompt appears and the same request is sent again with it.
 * The key comes back once: it is shown with a copy button and a warning, then forgotten.
 */
export function CreateKeyDialog({ open, onClose }: { open: boolean; onClose(created: boolean): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const [saving, setSaving] = useState(false);
  const [pending, setPending] = useState<NewApiKey | null>(null);
  const [password, setPassword] = useState('');
  const [passwordError, setPasswordError] = useState<string | null>(null);
  const [created, setCreated] = useState<string | null>(null);
  const { user } = useSession();
  // A merchant picks from the stores they work in, by name; partners and operators type ids
  // (a partner cannot list stores, and an operator's list is every store).
  const stores = useAsync(
    () => (open && user?.role === 'merchant' ? merchantApi.stores() : Promise.resolve(undefined)),
    [open, user?.role],
  );

  const send = async (input: NewApiKey) => {
    setSaving(true);
    try {
      const answer = await apiKeysApi.create(input);
      setPending(null);
      setPassword('');
      setCreated(answer.key);
    } catch (e) {
      if (isApiError(e) && e.code === 'REAUTH_REQUIRED') {
        setPending(input);
        setPasswordError(null);
      } else if (isApiError(e) && e.code === 'WRONG_PASSWORD') {
        setPasswordError(portalErrorText(t, e));
      } else {
        setPending(null);
        if (!markServerField(form, t, e, ['name', 'scopes', 'storeIds', 'ratePerMinute']))
          message.error(portalErrorText(t, e));
      }
    } finally {
      setSaving(false);
    }
  };

  const submit = (values: FormValues) =>
    send({
      name: values.name,
      scopes: values.scopes,
      storeIds: values.storeIds?.length ? values.storeIds : null,
      ratePerMinute: values.ratePerMinute ?? null,
    });

  const close = () => {
    const made = created !== null;
    form.resetFields();
    setCreated(null);
    setPending(null);
    setPassword('');
    onClose(made);
  };

  return (
    <>
      <Modal
        open={open && created !== null}
        title={t('portal.keys.shown.title')}
        closable={false}
        mask={{ closable: false }}
        // The key must not linger in the page once the dialog is closed.
        destroyOnHidden
        footer={
          <Button type="primary" onClick={close} data-testid="key-shown-done">
            {t('portal.keys.shown.done')}
          </Button>
        }
      >
        <Alert type="warning" showIcon title={t('portal.keys.shown.warning')} style={{ marginBottom: 16 }} />
        {created && <SecretField value={created} testId="key-secret" />}
      </Modal>
      <Modal
        open={open && !pending && created === null}
        title={t('portal.keys.form.title')}
        onCancel={close}
        okText={t('portal.keys.form.submit')}
        cancelText={t('portal.cancel')}
        onOk={() => form.submit()}
        confirmLoading={saving}
        okButtonProps={{ 'data-testid': 'key-submit' }}
        width={720}
      >
        <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item
            name="name"
            label={t('portal.keys.form.name')}
            rules={[{ required: true, whitespace: true, message: t('portal.keys.form.name.required') }]}
          >
            <Input
              maxLength={80}
              placeholder={t('portal.keys.form.name.placeholder')}
              data-testid="key-name"
            />
          </Form.Item>
          <Form.Item
            name="scopes"
            label={t('portal.keys.form.scopes')}
            rules={[
              { required: true, type: 'array', min: 1, message: t('portal.keys.form.scopes.required') },
            ]}
          >
            <Checkbox.Group style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 8 }}>
              {API_SCOPES.map((scope) => (
                <Checkbox key={scope} value={scope} data-testid={`scope-${scope}`}>
                  <Typography.Text code>{scope}</Typography.Text>
                  <div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t(`portal.scope.${scope}` as MessageKey)}
                    </Typography.Text>
                  </div>
                </Checkbox>
              ))}
            </Checkbox.Group>
          </Form.Item>
          <Form.Item
            name="storeIds"
            label={t('portal.keys.form.stores')}
            extra={t('portal.keys.form.stores.help')}
          >
            {stores.data ? (
              <Select
                mode="multiple"
                allowClear
                optionFilterProp="label"
                options={stores.data.map((store) => ({ value: store.id, label: store.name }))}
                data-testid="key-stores"
              />
            ) : (
              <Select mode="tags" open={false} tokenSeparators={[',', ' ']} data-testid="key-stores" />
            )}
          </Form.Item>
          <Form.Item
            name="ratePerMinute"
            label={t('portal.keys.form.rate')}
            extra={t('portal.keys.form.rate.help')}
          >
            <InputNumber min={1} max={1_000_000} precision={0} style={{ width: 200 }} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={open && pending !== null}
        title={t('portal.keys.reauth.title')}
        onCancel={() => setPending(null)}
        okText={t('portal.confirm')}
        cancelText={t('portal.cancel')}
        confirmLoading={saving}
        okButtonProps={{ disabled: !password, 'data-testid': 'reauth-submit' }}
        onOk={() => pending && send({ ...pending, currentPassword: password })}
      >
        <p>{t('portal.keys.reauth.body')}</p>
        <Form layout="vertical">
          <Form.Item
            label={t('portal.keys.reauth.password')}
            validateStatus={passwordError ? 'error' : undefined}
            help={passwordError ?? undefined}
          >
            <Input.Password
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              autoComplete="current-password"
              data-testid="reauth-password"
            />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
