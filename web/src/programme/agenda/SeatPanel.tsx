import { App, Button, Card, Popconfirm, Space, Tag, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { useI18n } from '../../app/i18n';
import { programmeApi } from '../api';
import { codeOf, programmeErrorText } from '../errors';
import type { SessionDetail } from '../types';

/**
 * A workshop's seats on its session page (docs/programme-pages.md): seats left, and what the
 * visitor can do about them. A ticket holder reserves (or, when full, joins the waiting list and
 * sees their place); anyone holding a seat or place gives it back after a confirmation. Without
 * a ticket the panel says so and links to the event's ticket page; signed out, it links to
 * sign-in and back here. The server decides every refusal; the panel words it from the catalogue.
 */
export function SeatPanel({ detail, onChange }: { detail: SessionDetail; onChange(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const location = useLocation();
  const [busy, setBusy] = useState(false);
  const { session, event, me } = detail;
  if (session.seats === null) return null;
  const left = Math.max(0, session.seats - session.seatsTaken);
  const full = left === 0;
  const seat = me?.seat ?? null;
  const ticketsUrl = `/events/${event.slug}/tickets`;

  const act = async (run: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await run();
      message.success(done);
    } catch (e) {
      // A ticket refused (or a seat taken meanwhile): the page reloads to show where things stand.
      message.error(
        codeOf(e) === 'NO_VALID_TICKET' ? t('programme.seat.noTicket') : programmeErrorText(t, e),
      );
    } finally {
      setBusy(false);
      onChange();
    }
  };

  let action: ReactNode = null;
  if (session.status === 'cancelled') {
    action = <Typography.Text type="secondary">{t('programme.seat.sessionCancelled')}</Typography.Text>;
  } else if (!me) {
    action = (
      <Link
        data-testid="seat-sign-in"
        to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`}
      >
        <Button type="primary">{t('programme.seat.signIn')}</Button>
      </Link>
    );
  } else if (seat?.status === 'reserved') {
    action = (
      <Space wrap>
        <Tag color="green" data-testid="seat-status" data-status="reserved">
          {t('programme.seat.reserved')}
        </Tag>
        <Popconfirm
          title={t('programme.seat.cancelConfirm')}
          okText={t('programme.seat.cancel')}
          cancelText={t('programme.seat.keep')}
          onConfirm={() => act(() => programmeApi.cancelSeat(session.id), t('programme.seat.gaveBack'))}
        >
          <Button danger loading={busy} data-testid="seat-cancel">
            {t('programme.seat.cancel')}
          </Button>
        </Popconfirm>
      </Space>
    );
  } else if (seat?.status === 'waiting') {
    action = (
      <Space wrap>
        <Tag color="orange" data-testid="seat-status" data-status="waiting">
          {t('programme.seat.waiting', { n: seat.position ?? 1 })}
        </Tag>
        <Popconfirm
          title={t('programme.seat.leaveConfirm')}
          okText={t('programme.seat.leave')}
          cancelText={t('programme.seat.keep')}
          onConfirm={() => act(() => programmeApi.cancelSeat(session.id), t('programme.seat.leftList'))}
        >
          <Button loading={busy} data-testid="seat-leave">
            {t('programme.seat.leave')}
          </Button>
        </Popconfirm>
      </Space>
    );
  } else if (!me.hasTicket) {
    action = (
      <Space wrap data-testid="seat-no-ticket">
        <Typography.Text type="secondary">{t('programme.seat.noTicket')}</Typography.Text>
        <Link to={ticketsUrl} data-testid="seat-buy-ticket">
          <Button type="primary">{t('programme.seat.buyTicket')}</Button>
        </Link>
      </Space>
    );
  } else if (full) {
    action = (
      <Space wrap>
        <Typography.Text type="secondary">{t('programme.seat.fullHint')}</Typography.Text>
        <Button
          loading={busy}
          data-testid="seat-join-waitlist"
          onClick={() => act(() => programmeApi.reserveSeat(session.id, true), t('programme.seat.joined'))}
        >
          {t('programme.seat.join')}
        </Button>
      </Space>
    );
  } else {
    action = (
      <Button
        type="primary"
        loading={busy}
        data-testid="seat-reserve"
        onClick={() => act(() => programmeApi.reserveSeat(session.id, false), t('programme.seat.done'))}
      >
        {t('programme.seat.reserve')}
      </Button>
    );
  }

  return (
    <Card
      size="small"
      title={t('programme.seat.title')}
      style={{ margin: '16px 0' }}
      data-testid="seat-panel"
      extra={
        full ? (
          <Tag color="red" data-testid="seat-full">
            {t('programme.seat.full')}
          </Tag>
        ) : null
      }
    >
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <span data-testid="seats-left" data-left={left}>
          {t('programme.seat.count', { left, total: session.seats })}
        </span>
        {action}
      </Space>
    </Card>
  );
}
