import { Steps } from 'antd';
import type { Campaign } from '../api';
import { useI18n } from '../app/i18n';
import { formatRange } from '../app/time';

/** The event's phases in order, the current one highlighted. */
export function PhaseTimeline({ campaign }: { campaign: Campaign }) {
  const { t, pick } = useI18n();
  const phases = [...campaign.phases].sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
  const now = Date.now();
  let current = phases.findIndex((p) => p.key === campaign.currentPhase);
  if (current < 0) {
    // Before the first phase nothing is current; after the last, all are done.
    current = phases.filter((p) => Date.parse(p.startsAt) <= now).length - 1;
  }
  const allDone =
    campaign.status === 'ended' || (phases.length > 0 && Date.parse(phases.at(-1)!.endsAt) < now);
  return (
    <Steps
      orientation="vertical"
      size="small"
      data-testid="phases"
      current={allDone ? phases.length : Math.max(current, 0)}
      status={current < 0 && !allDone ? 'wait' : undefined}
      items={phases.map((p, i) => ({
        title: (
          <span
            data-testid="phase"
            data-phase={p.key}
            data-current={i === current && !allDone ? 'true' : 'false'}
          >
            {pick(p.name)}
            {i === current && !allDone && (
              <span style={{ color: '#ff5000', marginInlineStart: 8, fontSize: 12 }}>
                · {t('event.currentPhase')}
              </span>
            )}
          </span>
        ),
        content: formatRange(p.startsAt, p.endsAt, campaign.timezone),
      }))}
    />
  );
}
