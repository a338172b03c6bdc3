import { ThunderboltFilled } from '@ant-design/icons';
import { Alert, App, Button, Popconfirm, Progress, Space, Tag, Typography } from 'antd';
import { useEffect, useRef } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import type { FlashReservation, FlashSlot } from '../api';
import { useI18n } from '../app/i18n';
import { useSession } from '../auth/session';
import { formatCountdown, takenPercent } from '../flash/countdown';
import { refusalText } from '../flash/refusals';
import { STATUS_COLORS, statusAt } from '../flash/slot-status';
import { useFlashPurchase } from '../flash/useFlashPurchase';
import type { ServerClock } from '../flash/useServerClock';
import { yuan } from '../merchant/format';

interface Props {
  slot: FlashSlot;
  clock: ServerClock & { nowMs: number };
  /** The customer's live reservation of this slot, when they hold one. */
  live: FlashReservation | undefined;
  formatTime(iso: string): string;
  /** Asks the strip for the list (remaining stock) and the reservations again now. */
  onChanged(): void;
}

/** One 秒杀 slot: prices, the countdown on the server's clock, the live stock bar, and the buyer's steps. */
export function FlashSlotCard({ slot, clock, live, formatTime, onChanged }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { user } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const now = clock.nowMs;
  const status = statusAt(slot, now);
  const { phase, buy, checkout, cancel, expire, reset } = useFlashPurchase(slot, clock.now, live, onChanged);
  const days = (n: number) => t('flash.days', { n });

  // The checkout deadline, on the server's clock: past it the unit goes back (the server's sweeper).
  const deadline = phase.kind === 'reserved' ? Date.parse(phase.reservation.deadline) : null;
  const expired = deadline !== null && now >= deadline;
  const expireOnce = useRef(expire);
  expireOnce.current = expire;
  useEffect(() => {
    if (expired) expireOnce.current();
  }, [expired]);

  const retryLeft = phase.kind === 'refused' && phase.retryAt ? Math.ceil((phase.retryAt - now) / 1000) : 0;
  const ctx = {
    perCustomerLimit: slot.perCustomerLimit,
    minAccountAgeHours: slot.minAccountAgeHours,
    formatTime,
  };

  const goCheckout = async () => {
    try {
      const orderId = await checkout();
      if (orderId) navigate(`/orders/${orderId}`);
    } catch (e) {
      message.error(refusalText(e, t, ctx));
    }
  };
  const giveUp = async () => {
    try {
      await cancel();
      message.success(t('flash.reservation.cancelled'));
    } catch (e) {
      message.error(refusalText(e, t, ctx));
    }
  };

  const buyButton = () => {
    const busy = phase.kind === 'reserving' || phase.kind === 'queued';
    let label: string = t('flash.buy');
    let disabled = false;
    // A waiting room takes early arrivals (they are ordered at random at the start); others wait.
    if (status === 'scheduled' && slot.waitingRoom) label = t('flash.buy.joinQueue');
    else if (status === 'scheduled') [label, disabled] = [t('flash.buy.soon'), true];
    else if (status === 'sold_out') [label, disabled] = [t('flash.buy.soldOut'), true];
    else if (status === 'ended' || status === 'closed') [label, disabled] = [t('flash.buy.ended'), true];
    else if (status === 'paused') [label, disabled] = [t('flash.buy.paused'), true];
    else if (!user) label = t('flash.buy.login');
    else if (user.role !== 'consumer') [label, disabled] = [t('flash.buy.consumerOnly'), true];
    else if (retryLeft > 0) [label, disabled] = [t('flash.buy.retryIn', { n: retryLeft }), true];
    const onClick = () => {
      if (!user) navigate(`/login?next=${encodeURIComponent(location.pathname + location.search)}`);
      else buy();
    };
    return (
      <Button
        block
        size="large"
        type="primary"
        danger
        icon={<ThunderboltFilled />}
        disabled={disabled}
        loading={busy}
        onClick={onClick}
        data-testid="flash-buy"
        data-enabled={String(!disabled)}
      >
        {label}
      </Button>
    );
  };

  const countdownTarget = status === 'scheduled' ? Date.parse(slot.startsAt) : Date.parse(slot.endsAt);
  const showCountdown = status === 'scheduled' || status === 'running' || status === 'sold_out';
  const percent = takenPercent(slot.stock, slot.remaining);

  return (
    <div
      className={`flash-card flash-${status}`}
      data-testid="flash-slot"
      data-slot={slot.id}
      data-status={status}
      data-sku={slot.skuId}
    >
      <div className="flash-card-head">
        <Typography.Text strong className="flash-card-title" ellipsis>
          {slot.title}
        </Typography.Text>
        <Space size={4}>
          {slot.waitingRoom && <Tag color="purple">{t('flash.waitingRoomTag')}</Tag>}
          <Tag color={STATUS_COLORS[status]} data-testid="flash-status">
            {t(`flash.status.${status}`)}
          </Tag>
        </Space>
      </div>
      <div className="flash-prices">
        <span className="flash-price" data-testid="flash-price">
          {yuan(slot.flashPrice)}
        </span>
        <span className="flash-list-price" data-testid="flash-list-price">
          {yuan(slot.listPrice)}
        </span>
      </div>
      {showCountdown && (
        <div className="flash-countdown">
          <span>{status === 'scheduled' ? t('flash.startsIn') : t('flash.endsIn')}</span>
          <span
            className="flash-countdown-digits num"
            data-testid="flash-countdown"
            data-phase={status === 'scheduled' ? 'start' : 'end'}
          >
            {formatCountdown(countdownTarget - now, days)}
          </span>
        </div>
      )}
      {status === 'scheduled' && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('flash.startsAt', { time: formatTime(slot.startsAt) })}
        </Typography.Text>
      )}
      <Progress
        percent={percent}
        showInfo={false}
        strokeColor="#ff4d4f"
        size="small"
        aria-label={t('flash.soldPercent', { p: percent })}
      />
      <div className="flash-stock-line">
        <span data-testid="flash-remaining" data-remaining={slot.remaining}>
          {t('flash.remaining', { n: slot.remaining })}
        </span>
        <span>{t('flash.soldPercent', { p: percent })}</span>
      </div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('flash.perCustomer', { n: slot.perCustomerLimit })}
      </Typography.Text>

      <div className="flash-action">
        {phase.kind === 'reserved' || phase.kind === 'checking_out' ? (
          <div
            className="flash-reservation"
            data-testid="flash-reservation"
            data-reservation={phase.reservation.id}
          >
            <Typography.Text strong style={{ color: '#cf1322' }}>
              {t('flash.reservation.title')}
            </Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('flash.reservation.hint', { n: phase.reservation.quantity })}
            </Typography.Text>
            <div className="flash-countdown">
              <span>{t('flash.reservation.deadline')}</span>
              <span className="flash-countdown-digits num" data-testid="flash-deadline">
                {formatCountdown(Date.parse(phase.reservation.deadline) - now)}
              </span>
            </div>
            <Typography.Text data-testid="flash-reservation-total">
              {t('flash.reservation.total', {
                amount: yuan(phase.reservation.flashPrice * phase.reservation.quantity),
              })}
            </Typography.Text>
            <Space.Compact block>
              <Button
                type="primary"
                danger
                style={{ flex: 1 }}
                loading={phase.kind === 'checking_out'}
                onClick={goCheckout}
                data-testid="flash-checkout"
              >
                {t('flash.reservation.checkout')}
              </Button>
              <Popconfirm
                title={t('flash.reservation.cancelConfirm')}
                okText={t('common.ok')}
                cancelText={t('common.cancel')}
                onConfirm={giveUp}
              >
                <Button disabled={phase.kind === 'checking_out'} data-testid="flash-cancel">
                  {t('flash.reservation.cancel')}
                </Button>
              </Popconfirm>
            </Space.Compact>
          </div>
        ) : phase.kind === 'queued' ? (
          <div className="flash-queue" data-testid="flash-queue">
            {phase.queue === null ? (
              <Typography.Text>{t('flash.queue.joining')}</Typography.Text>
            ) : phase.queue.admitted ? (
              <Typography.Text>{t('flash.queue.admitted')}</Typography.Text>
            ) : (
              <>
                <Typography.Text
                  strong
                  data-testid="flash-queue-position"
                  data-position={phase.queue.position}
                >
                  {now < Date.parse(slot.startsAt)
                    ? t('flash.queue.notStarted')
                    : t('flash.queue.position', { n: phase.queue.position })}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('flash.queue.wait', { n: phase.queue.estimatedWaitSec })}
                </Typography.Text>
              </>
            )}
            <Button block size="large" disabled loading data-testid="flash-queued">
              {t('flash.buy.queued')}
            </Button>
          </div>
        ) : (
          <>
            {phase.kind === 'refused' && (
              <Alert
                type={retryLeft > 0 ? 'warning' : 'error'}
                showIcon
                className="flash-refusal"
                data-testid="flash-refusal"
                data-code={(phase.error as { code?: string })?.code}
                title={refusalText(phase.error, t, ctx)}
                closable={{ onClose: reset }}
              />
            )}
            {phase.kind === 'done' && (
              <Alert
                type="info"
                showIcon
                className="flash-refusal"
                data-testid="flash-done"
                data-note={phase.note}
                title={
                  phase.note === 'cancelled'
                    ? t('flash.reservation.cancelled')
                    : t('flash.reservation.expired')
                }
                closable={{ onClose: reset }}
              />
            )}
            {buyButton()}
          </>
        )}
      </div>
    </div>
  );
}
