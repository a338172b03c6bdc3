import { CalendarOutlined, NotificationOutlined, ShopOutlined } from '@ant-design/icons';
import { Button, Descriptions, Space, Tag } from 'antd';
import { useNavigate } from 'react-router-dom';
import { type Campaign, campaignsApi, seriesApi } from '../api';
import { KindTag } from '../app/campaign-ui';
import { useI18n } from '../app/i18n';
import { formatInZone, zoneOffset } from '../app/time';
import { EventAgendaLink } from '../programme/EventAgendaLink';
import { organizerName } from './organizers';

export function EventInfo({ campaign, viewCount }: { campaign: Campaign; viewCount: number | undefined }) {
  const { t, locale } = useI18n();
  const navigate = useNavigate();
  return (
    <div className="event-section" data-testid="event-info">
      <Descriptions
        column={1}
        colon={false}
        size="small"
        styles={{ label: { whiteSpace: 'nowrap', color: '#8c8c8c', paddingInlineEnd: 16 } }}
        items={[
          {
            key: 'when',
            label: t('event.when'),
            children: (
              <div data-testid="event-dates">
                <div>{formatInZone(campaign.startsAt, campaign.timezone)}</div>
                <div>{formatInZone(campaign.endsAt, campaign.timezone)}</div>
              </div>
            ),
          },
          {
            key: 'tz',
            label: t('event.timezone'),
            children: (
              <span data-testid="event-timezone">
                {campaign.timezone} ({zoneOffset(campaign.startsAt, campaign.timezone)})
              </span>
            ),
          },
          { key: 'kind', label: t('event.kind'), children: <KindTag kind={campaign.kind} /> },
          {
            key: 'aud',
            label: t('event.audiences'),
            children: (
              <Space size={[0, 6]} wrap>
                {campaign.audiences.map((a) => (
                  <Tag key={a}>{t(`audience.${a}`)}</Tag>
                ))}
              </Space>
            ),
          },
          {
            key: 'org',
            label: t('event.organizer'),
            children: organizerName(campaign.organizer.name, locale),
          },
          {
            key: 'views',
            label: t('event.viewsLabel'),
            children: (
              <span>
                <span className="view-count" data-testid="view-count">
                  {viewCount ?? '—'}
                </span>{' '}
                {t(viewCount === 1 ? 'event.views.one' : 'event.views')}
              </span>
            ),
          },
        ]}
      />
      <Space orientation="vertical" style={{ width: '100%', marginTop: 16 }}>
        {campaign.kind === 'shopping_festival' && (
          <Button
            type="primary"
            block
            icon={<ShopOutlined />}
            onClick={() => navigate(`/events/${campaign.slug}/venue`)}
            data-testid="enter-venue"
          >
            {t('event.enterVenue')}
          </Button>
        )}
        {(campaign.kind === 'tech_summit' || campaign.kind === 'merchant_growth') && (
          <EventAgendaLink eventId={campaign.id} slug={campaign.slug} />
        )}
        <Button
          type={campaign.kind === 'shopping_festival' ? 'default' : 'primary'}
          block
          icon={<CalendarOutlined />}
          href={campaignsApi.icalUrl(campaign.id)}
          data-testid="add-to-calendar"
        >
          {t('event.addToCalendar')}
        </Button>
        {campaign.seriesId && (
          <Button
            block
            icon={<NotificationOutlined />}
            href={seriesApi.icalUrl(campaign.seriesId)}
            data-testid="subscribe-series"
          >
            {t('event.subscribeSeries')}
          </Button>
        )}
      </Space>
    </div>
  );
}
