import { ScheduleOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n } from '../app/i18n';
import { useAsync } from '../app/useAsync';
import { programmeApi } from './api';

/** The event page's 议程 block: shown once the conference has a published schedule. */
export function EventAgendaLink({ eventId, slug }: { eventId: string; slug: string }) {
  const { t } = useI18n();
  const { data } = useAsync(() => programmeApi.versions(eventId).catch(() => []), [eventId]);
  if (!data || data.length === 0) return null;
  return (
    <Link to={`/events/${slug}/agenda`} data-testid="event-agenda">
      <Button block icon={<ScheduleOutlined />}>
        {t('programme.agenda.link')}
      </Button>
    </Link>
  );
}
