import { ThunderboltFilled } from '@ant-design/icons';
import { Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { campaignsApi, type FlashReservation, type FlashSlot, flashApi } from '../api';
import { useI18n } from '../app/i18n';
import { formatInZone } from '../app/time';
import { useAsync } from '../app/useAsync';
import { useSession } from '../auth/session';
import { zoneName } from '../flash/countdown';
import { usePollWhileVisible } from '../flash/usePollWhileVisible';
import { useServerClock } from '../flash/useServerClock';
import { FlashSlotCard } from './FlashSlotCard';
import './flash.css';

const LIST_POLL_MS = 2000;
const SHOWN = new Set(['scheduled', 'running', 'paused', 'sold_out']);

/**
 * 限时秒杀 in the venue: the campaign's upcoming and running slots. The list (with each slot's
 * remaining stock from the server's fast copy, no SQL per poll) is polled every 2 s while the tab
 * is visible; countdowns run on the server's clock between polls.
 */
export function FlashStrip({ campaignId }: { campaignId: string }) {
  const { t, locale } = useI18n();
  // Start times read in the campaign's own zone (2026-11-11 00:00 Asia/Shanghai), whatever the visitor's.
  const campaign = useAsync(() => campaignsApi.get(campaignId), [campaignId]);
  const timezone = campaign.data?.timezone ?? 'Asia/Shanghai';
  const { user } = useSession();
  const clock = useServerClock();
  const [slots, setSlots] = useState<FlashSlot[] | null>(null);
  const [live, setLive] = useState<FlashReservation[]>([]);
  const consumer = user?.role === 'consumer';

  const loadSlots = useCallback(async () => {
    setSlots(await flashApi.ofCampaign(campaignId));
  }, [campaignId]);
  usePollWhileVisible(loadSlots, LIST_POLL_MS);

  const loadReservations = useCallback(async () => {
    if (!consumer) return setLive([]);
    const all = await flashApi.reservations().catch(() => []);
    setLive(all.filter((r) => r.status === 'reserved'));
  }, [consumer]);
  useEffect(() => {
    void loadReservations();
  }, [loadReservations]);

  const refresh = useCallback(() => {
    void loadSlots().catch(() => undefined);
    void loadReservations();
  }, [loadSlots, loadReservations]);

  const formatTime = useCallback((iso: string) => formatInZone(iso, timezone), [timezone]);
  const shown = useMemo(
    () =>
      (slots ?? [])
        .filter((s) => SHOWN.has(s.status) && Date.parse(s.endsAt) > clock.nowMs)
        .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt)),
    [slots, clock.nowMs],
  );
  if (!slots || shown.length === 0) return null;

  return (
    <section className="flash-strip" data-testid="flash-strip" data-synced={String(clock.synced)}>
      <div className="flash-strip-head">
        <span className="flash-strip-title">
          <ThunderboltFilled /> {t('flash.strip.title')}
        </span>
        <Typography.Text className="flash-strip-sub">
          {clock.synced ? t('flash.strip.subtitle') : t('flash.clock.unsynced')} ·{' '}
          {t('flash.strip.zone', { zone: zoneName(shown[0]!.startsAt, timezone, locale) })}
        </Typography.Text>
      </div>
      <div className="flash-strip-cards">
        {shown.map((slot) => (
          <FlashSlotCard
            key={slot.id}
            slot={slot}
            clock={clock}
            live={live.find((r) => r.slotId === slot.id)}
            formatTime={formatTime}
            onChanged={refresh}
          />
        ))}
      </div>
    </section>
  );
}
