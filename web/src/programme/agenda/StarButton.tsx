import { useI18n } from '../../app/i18n';

/**
 * ☆ / ★: adds the session to "my schedule" or takes it out. Its hint is the native `title`, not
 * an antd Tooltip: the agenda has one per session (150 on a summit's day), and a Tooltip each
 * cost the first render its trigger machinery for a hint that only shows on hover.
 */
export function StarButton({ on, onToggle }: { on: boolean; onToggle(): void }) {
  const { t } = useI18n();
  const label = on ? t('programme.agenda.unsave') : t('programme.agenda.save');
  return (
    <button
      type="button"
      className="agenda-star"
      title={label}
      aria-label={label}
      aria-pressed={on}
      data-testid="agenda-star"
      data-saved={on ? 'true' : 'false'}
      onClick={(e) => {
        e.preventDefault();
        e.stopPropagation();
        onToggle();
      }}
    >
      {on ? '★' : '☆'}
    </button>
  );
}
