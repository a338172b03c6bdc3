import { Spin, Tag } from 'antd';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { useI18n } from '../app/i18n';
import { useSession } from '../auth/session';
import type { CfpStatus, ProposalState, SubmissionType, TrackRef } from './types';

const STATE_COLORS: Record<ProposalState, string> = {
  submitted: 'blue',
  accepted: 'green',
  rejected: 'default',
  confirmed: 'success',
  withdrawn: 'default',
};

export function StateTag({ state }: { state: ProposalState }) {
  const { t } = useI18n();
  return (
    <Tag color={STATE_COLORS[state]} data-testid="proposal-state" data-state={state}>
      {t(`cfp.state.${state}`)}
    </Tag>
  );
}

const STATUS_COLORS: Record<CfpStatus, string> = { not_open: 'default', open: 'green', closed: 'red' };

export function CfpStatusTag({ status }: { status: CfpStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="cfp-status" data-status={status}>
      {t(`cfp.status.${status}`)}
    </Tag>
  );
}

export function TrackTag({ track }: { track: TrackRef | null }) {
  const { t, pick } = useI18n();
  if (!track) return <Tag>{t('cfp.review.noTrack')}</Tag>;
  return <Tag color={track.color}>{pick(track.name)}</Tag>;
}

/** 演讲 · 30 分钟: a submission type with its kind's word and its length. */
export function typeLabel(
  t: ReturnType<typeof useI18n>['t'],
  pick: ReturnType<typeof useI18n>['pick'],
  type: SubmissionType,
): string {
  return `${pick(type.name) || t(`cfp.kind.${type.kind}`)} · ${t('cfp.minutes', { n: type.durationMinutes })}`;
}

/** The page's content for a signed-in user; a visitor is sent to sign in and comes back here. */
export function SignedIn({ children }: { children: ReactNode }) {
  const { user, loading } = useSession();
  const location = useLocation();
  if (loading) return <Spin size="large" className="page-spin" />;
  if (!user)
    return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return <>{children}</>;
}

/** A score as people read it: one decimal, a dash when there is none. */
export const score = (n: number | null | undefined) => (n == null ? '—' : n.toFixed(1));
