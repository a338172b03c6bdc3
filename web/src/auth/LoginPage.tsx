import { LockOutlined, MailOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { authApi, isApiError } from '../api';
import { useI18n } from '../app/i18n';
import { useServerErrors } from '../app/useServerErrors';
import { anonCart } from '../shopper/anon-cart';
import { showAuthError } from './auth-errors';
import { useSession } from './session';

interface LoginForm {
  email: string;
  password: string;
}

/** Only same-site paths are followed after sign-in. */
export const safeNext = (next: string | null) =>
  next?.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';

/** `?next=` for a link to the other auth page, so the journey survives the detour. */
export const nextQuery = (next: string | null) => {
  const safe = safeNext(next);
  return safe === '/' ? '' : `?next=${encodeURIComponent(safe)}`;
};

export function LoginPage() {
  const { t } = useI18n();
  const [form] = Form.useForm<LoginForm>();
  const { setUser } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const onError = useServerErrors();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);

  const submit = async (values: LoginForm) => {
    setBusy(true);
    try {
      const user = await authApi.login(values.email, values.password);
      // A visitor's venue cart joins their own cart before they go back (issue 9 item 5).
      if (user.role === 'consumer') await anonCart.mergeIntoServer().catch(() => 0);
      setUser(user);
      message.success(t('auth.welcome', { name: user.displayName }));
      navigate(safeNext(params.get('next')), { replace: true });
    } catch (e) {
      if (isApiError(e) && e.status === 401 && !e.field) {
        form.setFields([{ name: 'password', errors: [t('auth.badLogin')] }]);
      } else if (!showAuthError(e, form, t)) onError(e, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card className="auth-card" data-testid="login-page">
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('auth.login.title')}
      </Typography.Title>
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} size="large">
        <Form.Item
          name="email"
          label={t('auth.email')}
          rules={[
            { required: true, message: t('auth.required', { field: t('auth.email') }) },
            { type: 'email', message: t('auth.emailInvalid') },
          ]}
        >
          <Input prefix={<MailOutlined />} autoComplete="email" data-testid="login-email" />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('auth.password')}
          rules={[{ required: true, message: t('auth.required', { field: t('auth.password') }) }]}
        >
          <Input.Password
            prefix={<LockOutlined />}
            autoComplete="current-password"
            data-testid="login-password"
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">
          {t('auth.login.submit')}
        </Button>
      </Form>
      <div style={{ marginTop: 16, textAlign: 'center' }}>
        {t('auth.noAccount')}{' '}
        <Link to={`/signup${nextQuery(params.get('next'))}`} data-testid="login-signup-link">
          {t('nav.signup')}
        </Link>
      </div>
    </Card>
  );
}
