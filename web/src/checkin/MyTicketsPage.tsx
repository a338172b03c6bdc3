import { QrcodeOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Empty, Row, Tag, Typography } from 'antd';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { Link, Navigate, useLocation } from 'react-router-dom';
import { call, carnival } from '../api/typed';
import { useI18n } from '../app/i18n';
import { formatInZone } from '../app/time';
import { useAsync } from '../app/useAsync';
import { useSession } from '../auth/session';
import { checkinApi, type MyTicketCode } from './api';
import { checkinErrorText } from './errors';

/** The QR of a signed ticket code, drawn here (qrcode), never fetched from anywhere. */
function TicketQr({ payload }: { payload: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    QRCode.toDataURL(payload, { errorCorrectionLevel: 'M', margin: 1, width: 220 }).then(setSrc, () =>
      setSrc(null),
    );
  }, [payload]);
  return src ? <img data-testid="ticket-qr" src={src} width={220} height={220} alt="QR" /> : null;
}

function TicketCard({ ticket }: { ticket: MyTicketCode }) {
  const { t, pick } = useI18n();
  return (
    <Card data-testid="my-ticket" data-ticket={ticket.ticketId} style={{ height: '100%' }}>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        <Link to={`/events/${ticket.event.slug}`}>{pick(ticket.event.title)}</Link>
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {formatInZone(ticket.event.startsAt, ticket.event.timezone)} · {ticket.typeName} ·{' '}
        {ticket.attendeeName}{' '}
        <Tag color={ticket.status === 'valid' ? 'green' : 'default'}>
          {t(`tickets.status.${ticket.status}`)}
        </Tag>
      </Typography.Paragraph>
      {ticket.status === 'valid' && <TicketQr payload={ticket.payload} />}
      <Typography.Paragraph
        type="secondary"
        style={{ fontSize: 11, wordBreak: 'break-all', marginTop: 8 }}
        copyable={{ text: ticket.payload, tooltips: [t('tickets.copy'), '✓'] }}
        data-testid="ticket-code"
      >
        {ticket.payload}
      </Typography.Paragraph>
    </Card>
  );
}

/** 我的门票: the tickets the visitor bought or attends, each with its signed QR code. */
export default function MyTicketsPage() {
  const { user, loading } = useSession();
  const { t } = useI18n();
  const location = useLocation();
  // An offer's expiry in the visitor's own zone (the notice names no event zone).
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const tickets = useAsync(() => (user ? checkinApi.myTickets() : Promise.resolve([])), [user?.id]);
  // The waiting list's open offers: the in-app notice that a seat is kept, until when.
  const offers = useAsync(
    () =>
      user
        ? call(carnival.GET('/api/me/waitlist')).then((r) =>
            r.items.filter((e) => e.status === 'offered' && e.offer),
          )
        : Promise.resolve([]),
    [user?.id],
  );
  if (loading) return null;
  if (!user) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname)}`} replace />;
  return (
    <div data-testid="my-tickets-page">
      <Typography.Title level={2}>
        <QrcodeOutlined /> {t('tickets.mine')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('tickets.mineIntro')}</Typography.Paragraph>
      {(offers.data ?? []).map((e) => (
        <Alert
          key={e.id}
          type="warning"
          showIcon
          data-testid="waitlist-offer"
          style={{ marginBottom: 12 }}
          title={t('shop.offer', { time: e.offer?.expiresAt ? formatInZone(e.offer.expiresAt, zone) : '' })}
          action={
            <Link to={`/events/${e.eventId}/tickets`}>
              <Button type="primary">{t('shop.offerBuy')}</Button>
            </Link>
          }
        />
      ))}
      {tickets.error ? (
        <Alert type="error" showIcon title={checkinErrorText(t, tickets.error)} />
      ) : tickets.data && tickets.data.length === 0 ? (
        <Empty description={t('tickets.none')} />
      ) : (
        <Row gutter={[16, 16]}>
          {(tickets.data ?? []).map((x) => (
            <Col key={x.ticketId} xs={24} md={12} xl={8}>
              <TicketCard ticket={x} />
            </Col>
          ))}
        </Row>
      )}
    </div>
  );
}
