import { CalendarOutlined, EyeOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import type { CampaignSummary } from '../api';
import { bannerStyle, KindTag, KindWatermark, StatusTag } from '../app/campaign-ui';
import { useI18n } from '../app/i18n';
import { formatRange } from '../app/time';

export function EventCard({ campaign }: { campaign: CampaignSummary }) {
  const { t, pick } = useI18n();
  return (
    <Link
      to={`/events/${encodeURIComponent(campaign.slug)}`}
      className="event-card"
      data-testid="event-card"
      data-slug={campaign.slug}
      data-kind={campaign.kind}
    >
      <div className="event-card-banner" style={bannerStyle(campaign)}>
        <StatusTag status={campaign.status} onBanner />
        <KindTag kind={campaign.kind} />
        <KindWatermark kind={campaign.kind} />
      </div>
      <div className="event-card-body">
        <h3 className="event-card-title" data-testid="event-card-title">
          {pick(campaign.title)}
        </h3>
        <p className="event-card-summary">{pick(campaign.summary)}</p>
        <div className="event-card-meta">
          <span title={campaign.timezone}>
            <CalendarOutlined /> {formatRange(campaign.startsAt, campaign.endsAt, campaign.timezone, false)}
          </span>
          <span>
            <EyeOutlined />{' '}
            {t(campaign.viewCount === 1 ? 'hub.views.one' : 'hub.views', {
              n: campaign.viewCount.toLocaleString(),
            })}
          </span>
        </div>
      </div>
    </Link>
  );
}
