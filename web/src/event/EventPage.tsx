import { ArrowLeftOutlined, EyeOutlined, GlobalOutlined } from '@ant-design/icons';
import { Alert, Button, Skeleton } from 'antd';
import { useEffect } from 'react';
import { Link, useParams } from 'react-router-dom';
import { campaignsApi, isApiError } from '../api';
import { bannerStyle, KindWatermark, StatusTag } from '../app/campaign-ui';
import { useI18n } from '../app/i18n';
import { NotFound } from '../app/NotFound';
import { formatRange } from '../app/time';
import { useAsync } from '../app/useAsync';
import { EventCfpLink } from '../cfp/EventCfpLink';
import { CouponCentre } from '../shopper/CouponCentre';
import { EventBody } from './EventBody';
import { EventInfo } from './EventInfo';
import { PhaseTimeline } from './PhaseTimeline';
import { useViewCount } from './useViewCount';

export function EventPage() {
  const { slug = '' } = useParams();
  const { t, pick } = useI18n();
  const { data: campaign, error } = useAsync(() => campaignsApi.get(slug), [slug]);
  const { count } = useViewCount(campaign?.id, undefined);

  const title = campaign ? pick(campaign.title) : '';
  useEffect(() => {
    if (title) document.title = `${title} · ${t('brand.name')}`;
    return () => {
      document.title = t('brand.name');
    };
  }, [title, t]);

  if (error) {
    if (isApiError(error) && error.status === 404) return <NotFound title={t('event.notFound')} />;
    return <Alert type="error" showIcon title={t('common.error')} description={String(error)} />;
  }
  if (!campaign) return <Skeleton active paragraph={{ rows: 10 }} />;

  return (
    <article data-testid="event-page" data-slug={campaign.slug} data-campaign-id={campaign.id}>
      <Link to="/" style={{ display: 'inline-block', marginBottom: 12, color: '#595959' }}>
        <ArrowLeftOutlined /> {t('event.back')}
      </Link>
      <header className="event-banner" style={bannerStyle(campaign)}>
        <KindWatermark kind={campaign.kind} />
        <StatusTag status={campaign.status} onBanner />
        {campaign.edition != null && (
          <span style={{ marginInlineStart: 8, fontSize: 13, opacity: 0.9 }}>
            {t('event.edition', { n: campaign.edition })}
          </span>
        )}
        <h1 data-testid="event-title">{title}</h1>
        <p>{pick(campaign.summary)}</p>
        {(campaign.kind === 'merchant_growth' || campaign.kind === 'tech_summit') && (
          <p>
            <Link to={`/events/${campaign.slug}/tickets`} data-testid="event-buy-tickets">
              <Button type="primary" size="large">
                {t('tickets.buy')}
              </Button>
            </Link>
          </p>
        )}
        <div className="event-banner-meta">
          <span>{formatRange(campaign.startsAt, campaign.endsAt, campaign.timezone)}</span>
          <span>
            <GlobalOutlined /> {campaign.timezone}
          </span>
          <span>
            <EyeOutlined />{' '}
            {t(count === 1 ? 'hub.views.one' : 'hub.views', { n: count?.toLocaleString() ?? '—' })}
          </span>
        </div>
      </header>
      {campaign.kind === 'shopping_festival' &&
        (campaign.status === 'live' || campaign.status === 'published') && (
          <div style={{ marginTop: 16 }}>
            <CouponCentre campaignId={campaign.id} />
          </div>
        )}
      <EventCfpLink campaign={campaign} />
      <div className="event-layout">
        <div>
          <section className="event-section">
            <h2>{t('event.about')}</h2>
            <EventBody text={pick(campaign.body)} />
          </section>
          {campaign.phases.length > 0 && (
            <section className="event-section">
              <h2>{t('event.phases')}</h2>
              <PhaseTimeline campaign={campaign} />
            </section>
          )}
        </div>
        <aside>
          <EventInfo campaign={campaign} viewCount={count} />
        </aside>
      </div>
    </article>
  );
}
