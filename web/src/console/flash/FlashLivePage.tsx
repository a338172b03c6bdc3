import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Card, Col, Progress, Row, Space, Statistic, Tag, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { type FlashSlot, type FlashStats, flashApi } from '../../api';
import { useI18n } from '../../app/i18n';
import { takenPercent } from '../../flash/countdown';
import { admissionLabel, refusalLabel, refusalText } from '../../flash/refusals';
import { STATUS_COLORS } from '../../flash/slot-status';
import { usePollWhileVisible } from '../../flash/usePollWhileVisible';
import { yuan } from '../../merchant/format';
import { RefusedBars } from './RefusedBars';
import { Sparkline } from './Sparkline';
import './flash-console.css';

const HISTORY = 60;

/**
 * 实时数据 of one slot, polled every second while the page is visible: requests/s (with the last
 * minute as a sparkline), reserved / ordered / expired / given up, remaining, p50/p99 latency,
 * time to sell out, and every refusal counted by reason.
 */
export function FlashLivePage() {
  const { slotId = '' } = useParams();
  const { t } = useI18n();
  const [slot, setSlot] = useState<FlashSlot | null>(null);
  const [stats, setStats] = useState<FlashStats | null>(null);
  const [rps, setRps] = useState<number[]>([]);
  const [error, setError] = useState<unknown>(null);

  const poll = useCallback(async () => {
    try {
      const [s, st] = await Promise.all([flashApi.get(slotId), flashApi.stats(slotId)]);
      setSlot(s);
      setStats(st);
      setRps((h) => [...h, st.requestsPerSec].slice(-HISTORY));
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, [slotId]);
  const visible = usePollWhileVisible(poll, 1000);

  const ms = (n: number | null | undefined) => (n == null ? '—' : n < 10 ? n.toFixed(1) : Math.round(n));
  return (
    <div data-testid="flash-live" data-slot={slotId}>
      <Link to={slot ? `/console/flash-sales?campaignId=${slot.campaignId}` : '/console/flash-sales'}>
        <ArrowLeftOutlined /> {t('flash.live.back')}
      </Link>
      <div className="flash-console-head" style={{ marginTop: 8 }}>
        <Space align="baseline" wrap>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('flash.live.title')}
            {slot ? ` · ${slot.title}` : ''}
          </Typography.Title>
          {slot && (
            <Tag color={STATUS_COLORS[slot.status]} data-testid="flash-live-status">
              {t(`flash.status.${slot.status}`)}
            </Tag>
          )}
          {slot && (
            <Typography.Text type="secondary">
              {t('flash.flashPrice')} {yuan(slot.flashPrice)} ·{' '}
              {t('flash.perCustomer', { n: slot.perCustomerLimit })}
            </Typography.Text>
          )}
        </Space>
        <Typography.Text type="secondary">
          {visible ? t('flash.live.updated') : t('flash.live.hidden')}
        </Typography.Text>
      </div>
      {error ? (
        <Alert type="error" showIcon title={refusalText(error, t)} style={{ marginBottom: 12 }} />
      ) : null}

      <Row gutter={[12, 12]}>
        <Col xs={24} md={12} lg={6}>
          <Card size="small">
            <Statistic
              title={t('flash.live.rps')}
              value={stats ? Math.round(stats.requestsPerSec) : '—'}
              styles={{ content: { color: '#cf1322' } }}
              data-testid="flash-live-rps"
            />
            <Sparkline values={rps} />
          </Card>
        </Col>
        <Col xs={24} md={12} lg={6}>
          <Card size="small">
            <Statistic
              title={t('flash.live.remaining')}
              value={stats?.remaining ?? slot?.remaining ?? '—'}
              suffix={slot ? `/ ${slot.stock}` : undefined}
              data-testid="flash-live-remaining"
            />
            {slot && stats && (
              <Progress
                percent={takenPercent(slot.stock, stats.remaining)}
                strokeColor="#ff4d4f"
                size="small"
              />
            )}
          </Card>
        </Col>
        <Col xs={24} md={12} lg={6}>
          <Card size="small">
            <Row>
              <Col span={12}>
                <Statistic title={t('flash.live.p50')} value={ms(stats?.p50Ms)} suffix={t('flash.live.ms')} />
              </Col>
              <Col span={12}>
                <Statistic
                  title={t('flash.live.p99')}
                  value={ms(stats?.p99Ms)}
                  suffix={t('flash.live.ms')}
                  data-testid="flash-live-p99"
                />
              </Col>
            </Row>
          </Card>
        </Col>
        <Col xs={24} md={12} lg={6}>
          <Card size="small">
            <Statistic
              title={t('flash.live.sellOut')}
              value={
                stats?.timeToSellOutMs != null
                  ? t('flash.live.seconds', { n: (stats.timeToSellOutMs / 1000).toFixed(1) })
                  : t('flash.live.notSoldOut')
              }
              data-testid="flash-live-sellout"
            />
          </Card>
        </Col>
        {(
          [
            ['reserved', stats?.reserved],
            ['ordered', stats?.ordered],
            ['expired', stats?.expired],
            ['cancelled', stats?.cancelled],
          ] as const
        ).map(([key, value]) => (
          <Col xs={12} md={6} key={key}>
            <Card size="small">
              <Statistic
                title={t(`flash.live.${key}`)}
                value={value ?? '—'}
                data-testid={`flash-live-${key}`}
              />
            </Card>
          </Col>
        ))}
        <Col xs={24} lg={12}>
          <Card size="small" title={t('flash.live.refused')}>
            <RefusedBars
              refused={stats?.refused ?? {}}
              label={(code) => refusalLabel(code, t)}
              empty={t('flash.live.refused.none')}
              testId="flash-live-refused"
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('flash.live.blocked')}>
            <RefusedBars
              refused={stats?.refusedBy ?? {}}
              label={(reason) => admissionLabel(reason, t)}
              empty={t('flash.live.refused.none')}
              testId="flash-live-blocked"
            />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
