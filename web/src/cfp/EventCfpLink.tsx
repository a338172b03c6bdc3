import { FormOutlined } from '@ant-design/icons';
import { Alert, Button } from 'antd';
import { Link } from 'react-router-dom';
import type { Campaign } from '../api';
import { useI18n } from '../app/i18n';
import { formatInZone } from '../app/time';
import { useAsync } from '../app/useAsync';
import { cfpApi } from './api';

/** The event page's 提交议题 block: shown only while the conference's call for proposals is open. */
export function EventCfpLink({ campaign }: { campaign: Campaign }) {
  const { t } = useI18n();
  const conference = campaign.kind === 'tech_summit' || campaign.kind === 'merchant_growth';
  // No call configured is a 404: nothing to show, not an error.
  const cfp = useAsync(
    () => (conference ? cfpApi.cfp(campaign.id).catch(() => null) : Promise.resolve(null)),
    [campaign.id, conference],
  );
  if (cfp.data?.status !== 'open') return null;
  return (
    <Alert
      style={{ marginTop: 16 }}
      type="info"
      showIcon
      icon={<FormOutlined />}
      data-testid="event-cfp"
      title={t('cfp.eventBlock', { time: formatInZone(cfp.data.closesAt, campaign.timezone) })}
      action={
        <Link to={`/events/${campaign.slug}/cfp`} data-testid="event-cfp-link">
          <Button type="primary">{t('cfp.submitTalk')}</Button>
        </Link>
      }
    />
  );
}
