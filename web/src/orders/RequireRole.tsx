import { Result, Spin } from 'antd';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import type { Role } from '../api';
import { useI18n } from '../app/i18n';
import { useSession } from '../auth/session';

/** Signed-out visitors go to sign-in (and come back); other roles are told whom the page is for. */
export function RequireRole({ allow, children }: { allow: Role; children: ReactNode }) {
  const { user, loading } = useSession();
  const { t } = useI18n();
  const location = useLocation();
  if (loading) return <Spin size="large" className="page-spin" />;
  if (!user) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/login?next=${next}`} replace />;
  }
  if (user.role !== allow)
    return (
      <Result
        status="403"
        title="403"
        subTitle={t('role.required', { role: t(`role.${allow}`) })}
        data-testid="role-forbidden"
      />
    );
  return <>{children}</>;
}
