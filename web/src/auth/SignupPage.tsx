import { App, Button, Card, Form, Input, Radio, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { authApi, SIGNUP_ROLES } from '../api';
import { useI18n } from '../app/i18n';
import { useServerErrors } from '../app/useServerErrors';
import { anonCart } from '../shopper/anon-cart';
import { showAuthError } from './auth-errors';
import { nextQuery, safeNext } from './LoginPage';
import { useSession } from './session';

interface SignupForm {
  email: string;
  password: string;
  displayName: string;
  /** Operator is granted by another operator, never picked at sign-up. */
  role: (typeof SIGNUP_ROLES)[number];
}

export function SignupPage() {
  const { t, locale } = useI18n();
  const [form] = Form.useForm<SignupForm>();
  const { setUser } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const onError = useServerErrors();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);

  const submit = async (values: SignupForm) => {
    setBusy(true);
    try {
      const user = await authApi.signup({ ...values, locale });
      // As at sign-in: a visitor's venue cart joins the new account's cart, and the journey
      // goes back to the page that sent them here (`next`), else the role's home.
      if (user.role === 'consumer') await anonCart.mergeIntoServer().catch(() => 0);
      setUser(user);
      message.success(t('auth.welcome', { name: user.displayName }));
      const next = params.get('next');
      const home = user.role === 'organizer' ? '/console' : '/';
      navigate(next ? safeNext(next) : home, { replace: true });
    } catch (e) {
      if (!showAuthError(e, form, t)) onError(e, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card className="auth-card" data-testid="signup-page">
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('auth.signup.title')}
      </Typography.Title>
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        requiredMark={false}
        initialValues={{ role: 'consumer' }}
      >
        <Form.Item name="role" label={t('auth.role')}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            data-testid="signup-role"
            options={SIGNUP_ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
          />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={t('auth.displayName')}
          rules={[
            {
              required: true,
              whitespace: true,
              message: t('auth.required', { field: t('auth.displayName') }),
            },
          ]}
        >
          <Input maxLength={80} data-testid="signup-name" />
        </Form.Item>
        <Form.Item
          name="email"
          label={t('auth.email')}
          rules={[
            { required: true, message: t('auth.required', { field: t('auth.email') }) },
            { type: 'email', message: t('auth.emailInvalid') },
          ]}
        >
          <Input autoComplete="email" data-testid="signup-email" />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('auth.password')}
          extra={t('auth.passwordHint')}
          rules={[{ required: true, message: t('auth.required', { field: t('auth.password') }) }]}
        >
          <Input.Password autoComplete="new-password" data-testid="signup-password" />
        </Form.Item>
        <Button
          type="primary"
          htmlType="submit"
          block
          size="large"
          loading={busy}
          data-testid="signup-submit"
        >
          {t('auth.signup.submit')}
        </Button>
      </Form>
      <div style={{ marginTop: 16, textAlign: 'center' }}>
        {t('auth.haveAccount')}{' '}
        <Link to={`/login${nextQuery(params.get('next'))}`} data-testid="signup-login-link">
          {t('nav.login')}
        </Link>
      </div>
    </Card>
  );
}
