import { Button, Result, Spin } from 'antd';
import type { ReactNode } from 'react';
import { Link, Navigate, useLocation } from 'react-router-dom';
import { useI18n } from '../app/i18n';
import { canManage, useSession } from '../auth/session';

/** Signed-out visitors go to sign-in; signed-in users without a staff role get a 403 page. */
export function RequireStaff({ children }: { children: ReactNode }) {
  const { user, loading } = useSession();
  const { t } = useI18n();
  const location = useLocation();
  if (loading) return <Spin size="large" className="page-spin" />;
  if (!user) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/login?next=${next}`} replace />;
  }
  if (!canManage(user)) {
    return (
      <Result
        status="403"
        title="403"
        subTitle={t('console.forbidden')}
        data-testid="console-forbidden"
        extra={
          <Link to="/">
            <Button type="primary">{t('common.home')}</Button>
          </Link>
        }
      />
    );
  }
  return <>{children}</>;
}
