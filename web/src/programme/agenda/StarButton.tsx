import { Tooltip } from 'antd';
import { useI18n } from '../../app/i18n';

/** ☆ / ★: adds the session to "my schedule" or takes it out. */
export function StarButton({ on, onToggle }: { on: boolean; onToggle(): void }) {
  const { t } = useI18n();
  const label = on ? t('programme.agenda.unsave') : t('programme.agenda.save');
  return (
    <Tooltip title={label}>
      <button
        type="button"
        className="agenda-star"
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
    </Tooltip>
  );
}
