import { Button, Result, Spin } from 'antd';
import type { ReactNode } from 'react';
import { Link, Navigate, useLocation } from 'react-router-dom';
import type { User } from '../api';
import { useI18n } from '../app/i18n';
import { useSession } from '../auth/session';

/** Who holds API keys and webhook endpoints (the server's KEY_OWNER_ROLES and WEBHOOK_ROLES). */
export const canUsePortal = (user: User | null) =>
  user?.role === 'partner' || user?.role === 'merchant' || user?.role === 'operator';

/** Signed-out visitors go to sign-in; other roles get a 403 page. */
export function RequirePortalRole({ children }: { children: ReactNode }) {
  const { user, loading } = useSession();
  const { t } = useI18n();
  const location = useLocation();
  if (loading) return <Spin size="large" className="page-spin" />;
  if (!user)
    return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (!canUsePortal(user))
    return (
      <Result
        status="403"
        title="403"
        subTitle={t('portal.forbidden')}
        extra={
          <Link to="/">
            <Button type="primary">{t('common.home')}</Button>
          </Link>
        }
      />
    );
  return <>{children}</>;
}
