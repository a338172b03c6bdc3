import { Result } from 'antd';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { useI18n } from '../app/i18n';
import { canManage, useSession } from '../auth/session';

/** Organizers and operators; others are told whom the page is for. */
export function RequireManager({ children }: { children: ReactNode }) {
  const { user, loading } = useSession();
  const { t } = useI18n();
  const location = useLocation();
  if (loading) return null;
  if (!user)
    return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (!canManage(user))
    return <Result status="403" title="403" subTitle={t('role.required', { role: t('role.organizer') })} />;
  return <>{children}</>;
}
