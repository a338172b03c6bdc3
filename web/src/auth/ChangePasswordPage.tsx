import { App, Button, Card, Checkbox, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useNavigate } from 'react-router-dom';
import { authApi } from '../api';
import { useI18n } from '../app/i18n';
import { useServerErrors } from '../app/useServerErrors';
import { showAuthError } from './auth-errors';
import { useSession } from './session';

interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  confirm: string;
  revokeApiKeys?: boolean;
}

export function ChangePasswordPage() {
  const { t } = useI18n();
  const [form] = Form.useForm<PasswordForm>();
  const { user, loading, refresh } = useSession();
  const navigate = useNavigate();
  const onError = useServerErrors();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);

  if (!loading && !user) return <Navigate to="/login?next=/account/password" replace />;

  const submit = async (values: PasswordForm) => {
    setBusy(true);
    try {
      const ended = await authApi.changePassword(
        values.currentPassword,
        values.newPassword,
        values.revokeApiKeys ?? false,
      );
      await refresh();
      message.success(
        t('auth.pw.doneEnded', { sessions: ended.sessionsEnded, keys: ended.apiKeysRevoked }),
        6,
      );
      navigate('/', { replace: true });
    } catch (e) {
      if (!showAuthError(e, form, t)) onError(e, form);
    } finally {
      setBusy(false);
    }
  };

  const required = (field: string) => ({ required: true, message: t('auth.required', { field }) });

  return (
    <Card className="auth-card" data-testid="change-password-page">
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('auth.pw.title')}
      </Typography.Title>
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item
          name="currentPassword"
          label={t('auth.pw.current')}
          rules={[required(t('auth.pw.current'))]}
        >
          <Input.Password autoComplete="current-password" data-testid="pw-current" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('auth.pw.new')}
          extra={t('auth.passwordHint')}
          rules={[required(t('auth.pw.new'))]}
        >
          <Input.Password autoComplete="new-password" data-testid="pw-new" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('auth.pw.confirm')}
          dependencies={['newPassword']}
          rules={[
            required(t('auth.pw.confirm')),
            ({ getFieldValue }) => ({
              validator: (_, v) =>
                !v || v === getFieldValue('newPassword')
                  ? Promise.resolve()
                  : Promise.reject(t('auth.pw.mismatch')),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="pw-confirm" />
        </Form.Item>
        <Form.Item name="revokeApiKeys" valuePropName="checked" extra={t('auth.pw.revokeKeysHint')}>
          <Checkbox data-testid="revoke-api-keys">{t('auth.pw.revokeKeys')}</Checkbox>
        </Form.Item>
        <Typography.Paragraph type="secondary">{t('auth.pw.othersEnd')}</Typography.Paragraph>
        <Button type="primary" htmlType="submit" block loading={busy} data-testid="pw-submit">
          {t('auth.pw.submit')}
        </Button>
      </Form>
    </Card>
  );
}
