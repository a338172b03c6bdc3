import type { Campaign } from '../api/types';
import { useI18n } from '../app/i18n';
import { countdownText, nextMilestone } from './model';

/** Time to the next phase (or the end), on the server's clock so every screen shows the same second. */
export function Countdown({ campaign, nowMs }: { campaign: Campaign; nowMs: number }) {
  const { t, locale, pick } = useI18n();
  const next = nextMilestone(campaign.phases, campaign.endsAt, nowMs);
  if (next.kind === 'over') return <span className="screen-countdown">{t('screen.countdown.ended')}</span>;
  const label =
    next.kind === 'phase'
      ? t('screen.countdown.to', { phase: pick(next.phase.name) })
      : t('screen.countdown.end');
  return (
    <span className="screen-countdown" data-testid="screen-countdown">
      <span className="screen-countdown-label">{label}</span>
      <span className="screen-countdown-value">{countdownText(next.atMs - nowMs, locale)}</span>
    </span>
  );
}
