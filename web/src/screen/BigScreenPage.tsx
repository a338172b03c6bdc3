import { useEffect, useMemo, useState } from 'react';
import { useParams } from 'react-router-dom';
import { campaignsApi } from '../api';
import type { Campaign, Localized } from '../api/types';
import { useI18n } from '../app/i18n';
import { provinceName } from '../app/provinces';
import { useServerClock } from '../flash/useServerClock';
import { screenApi } from './api';
import { Chart } from './Chart';
import { Countdown } from './Countdown';
import { fitDesign, money, moneyShort } from './model';
import { categoryOption, ordersPerSecondOption, provinceMapOption, rankingOption } from './options';
import { RollingNumber } from './RollingNumber';
import { useScreenStream } from './useScreenStream';
import './screen.css';

const W = 1920;
const H = 1080;

/** The window's size, re-read on resize: the design is scaled to it (letterboxed). */
function useFit() {
  const [fit, setFit] = useState(() => fitDesign(window.innerWidth, window.innerHeight, W, H));
  useEffect(() => {
    const onResize = () => setFit(fitDesign(window.innerWidth, window.innerHeight, W, H));
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return fit;
}

/**
 * 大屏: the campaign's live figures at a fixed 1920x1080 design, scaled to the window. Outside
 * the app's layout (no header, no footer), for a wall display or a projector.
 */
export default function BigScreenPage() {
  const { campaignId } = useParams();
  const { t, locale, pick } = useI18n();
  const fit = useFit();
  const { body, status, errorCode } = useScreenStream(campaignId);
  const [campaign, setCampaign] = useState<Campaign | null>(null);
  const [categories, setCategories] = useState<Map<string, Localized>>(new Map());
  const clock = useServerClock(1000);

  useEffect(() => {
    if (!campaignId) return;
    campaignsApi.get(campaignId).then(setCampaign, () => setCampaign(null));
    screenApi.categories().then(
      (items) => setCategories(new Map(items.map((c) => [c.code, c.name]))),
      () => undefined,
    );
  }, [campaignId]);

  useEffect(() => {
    const previous = document.title;
    document.title = campaign ? `${pick(campaign.title)} · ${t('screen.title')}` : t('screen.title');
    return () => {
      document.title = previous;
    };
  }, [campaign, pick, t]);

  const nameOf = useMemo(
    () => (code: string) => {
      const name = categories.get(code);
      return name ? pick(name) : t('screen.other');
    },
    [categories, pick, t],
  );
  const timeOf = (iso: string) =>
    new Date(iso).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

  const opts = useMemo(() => {
    if (!body) return null;
    return {
      perSecond: ordersPerSecondOption(body, locale),
      map: provinceMapOption(body, locale),
      categories: categoryOption(body, nameOf, locale),
      stores: rankingOption(
        body.topStores.map((s) => ({ name: s.name, value: s.gmvFen })),
        locale,
        '#4096ff',
      ),
    };
  }, [body, locale, nameOf]);

  const provinces = useMemo(
    () => (body ? [...body.byProvince].sort((a, b) => b.gmvFen - a.gmvFen).slice(0, 5) : []),
    [body],
  );

  return (
    <div className="screen-root" data-testid="big-screen">
      <div
        className="screen-stage"
        style={{
          width: W,
          height: H,
          transform: `translate(${fit.left}px, ${fit.top}px) scale(${fit.scale})`,
        }}
      >
        <header className="screen-header">
          <div className="screen-header-side">
            <span className={`screen-status screen-status-${status}`} data-testid="screen-status">
              {status === 'live' ? t('screen.live') : t(`screen.${status}`)}
            </span>
            {body && <span className="screen-asof">{t('screen.asOf', { time: timeOf(body.asOf) })}</span>}
          </div>
          <h1 className="screen-title">{campaign ? pick(campaign.title) : t('screen.title')}</h1>
          <div className="screen-header-side screen-header-right">
            {campaign && <Countdown campaign={campaign} nowMs={clock.nowMs} />}
          </div>
        </header>

        {errorCode && !body && (
          <div className="screen-error" data-testid="screen-error">
            {errorCode === 'NOT_FOUND' ? t('screen.error.NOT_FOUND') : t('screen.error.generic')}
          </div>
        )}

        <section className="screen-col screen-left">
          <div className="screen-panel" style={{ height: 430 }}>
            <h2>{t('screen.categories')}</h2>
            {opts && (
              <Chart option={opts.categories} style={{ width: 520, height: 370 }} testId="chart-categories" />
            )}
          </div>
          <div className="screen-panel" style={{ height: 460 }}>
            <h2>{t('screen.topStores')}</h2>
            {opts && <Chart option={opts.stores} style={{ width: 520, height: 400 }} testId="chart-stores" />}
          </div>
        </section>

        <section className="screen-col screen-center">
          <div className="screen-gmv">
            <div className="screen-gmv-label">{t('screen.gmv')}</div>
            <RollingNumber
              value={body?.totals.gmvFen ?? 0}
              format={money}
              className="screen-gmv-value"
              testId="screen-gmv"
            />
            <div className="screen-kpis">
              <Kpi label={t('screen.orders')} value={body?.totals.orders ?? 0} testId="screen-orders" />
              <Kpi label={t('screen.buyers')} value={body?.totals.buyers ?? 0} testId="screen-buyers" />
              <div className="screen-kpi">
                <div className="screen-kpi-label">{t('screen.refunds')}</div>
                <div className="screen-kpi-value" data-testid="screen-refunds">
                  {money(body?.totals.refundFen ?? 0)}
                </div>
              </div>
            </div>
          </div>
          <div className="screen-panel screen-map" style={{ height: 650 }}>
            <h2>{t('screen.map')}</h2>
            {opts && <Chart option={opts.map} style={{ width: 800, height: 600 }} testId="chart-map" />}
            <ol className="screen-province-rank" aria-label={t('screen.provinceRanking')}>
              {provinces.map((p, i) => (
                <li key={p.province}>
                  <span className="rank">{i + 1}</span>
                  <span>{provinceName(p.province, locale)}</span>
                  <span className="figure">{moneyShort(p.gmvFen, locale)}</span>
                </li>
              ))}
            </ol>
          </div>
        </section>

        <section className="screen-col screen-right">
          <div className="screen-panel" style={{ height: 300 }}>
            <h2>{t('screen.ordersPerSecond')}</h2>
            {opts && (
              <Chart option={opts.perSecond} style={{ width: 520, height: 240 }} testId="chart-per-second" />
            )}
          </div>
          <div className="screen-panel" style={{ height: 330 }}>
            <h2>{t('screen.topSkus')}</h2>
            <ol className="screen-list" data-testid="screen-top-skus">
              {(body?.topSkus ?? []).slice(0, 7).map((s, i) => (
                <li key={s.skuId}>
                  <span className="rank">{i + 1}</span>
                  <span className="name">{s.title}</span>
                  <span className="figure">{t('screen.units', { n: s.units })}</span>
                  <span className="figure">{moneyShort(s.gmvFen, locale)}</span>
                </li>
              ))}
              {body && body.topSkus.length === 0 && <li className="empty">{t('screen.empty')}</li>}
            </ol>
          </div>
          <div className="screen-panel" style={{ height: 250 }}>
            <h2>{t('screen.flashSales')}</h2>
            <ol className="screen-list" data-testid="screen-flash">
              {(body?.flashSales ?? []).slice(0, 5).map((f) => (
                <li key={f.slotId} className={f.soldOutAt ? 'sold-out' : ''}>
                  <span className="name">{f.title}</span>
                  <span className="figure">
                    {f.soldOutAt
                      ? t('screen.flash.soldOutAt', { time: timeOf(f.soldOutAt) })
                      : Date.parse(f.startsAt) > clock.nowMs
                        ? t('screen.flash.notStarted', { time: timeOf(f.startsAt) })
                        : t('screen.flash.selling', { sold: f.sold, stock: f.stock })}
                  </span>
                </li>
              ))}
              {body && body.flashSales.length === 0 && <li className="empty">{t('screen.empty')}</li>}
            </ol>
          </div>
        </section>
      </div>
    </div>
  );
}

function Kpi({ label, value, testId }: { label: string; value: number; testId: string }) {
  return (
    <div className="screen-kpi">
      <div className="screen-kpi-label">{label}</div>
      <RollingNumber
        value={value}
        format={(n) => n.toLocaleString('en-US')}
        className="screen-kpi-value"
        testId={testId}
      />
    </div>
  );
}
