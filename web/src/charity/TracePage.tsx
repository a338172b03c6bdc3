import {
  CheckCircleFilled,
  CloseCircleFilled,
  DownloadOutlined,
  EnvironmentOutlined,
} from '@ant-design/icons';
import { Alert, Card, Col, Descriptions, Empty, Row, Skeleton, Space, Tag, Timeline, Typography } from 'antd';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { isApiError } from '../api';
import { type MessageKey, useI18n } from '../app/i18n';
import { NotFound } from '../app/NotFound';
import { dayjs } from '../app/time';
import { useAsync } from '../app/useAsync';
import { type TraceVerification, traceApi } from './api';

type Check = TraceVerification['events'][number];

/** The QR code of a trace page's own address, drawn in the browser (qrcode, SVG). */
function useQrSvg(url: string): string | null {
  const [svg, setSvg] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }).then((s) => {
      if (live) setSvg(s);
    });
    return () => {
      live = false;
    };
  }, [url]);
  return svg;
}

/**
 * The public trace page of an item serial or lot (溯源): what it is, where it comes from (产地),
 * every provenance event (its own and its lot's) with its entry in the public provenance log,
 * the QR code that leads here, and the server's check of every event against the signed log.
 */
export default function TracePage() {
  const { code = '' } = useParams();
  const { t } = useI18n();
  const trace = useAsync(() => traceApi.trace(code), [code]);
  const verification = useAsync(() => traceApi.verify(code), [code]);
  const url = `${window.location.origin}/trace/${encodeURIComponent(code)}`;
  const qr = useQrSvg(url);

  if (trace.error) {
    if (isApiError(trace.error) && trace.error.status === 404)
      return <NotFound title={t('trace.error.NOT_FOUND')} />;
    return <Alert type="error" showIcon title={t('trace.error.other')} />;
  }
  const data = trace.data;
  if (!data) return <Skeleton active paragraph={{ rows: 8 }} />;
  const { traceCode, store, lot, events } = data;
  const checks = new Map((verification.data?.events ?? []).map((c) => [c.eventId, c]));

  const problemText = (c: Check) =>
    c.problem ? t(`trace.problem.${c.problem}` as MessageKey, { fields: c.fields.join('、') }) : '';

  return (
    <div data-testid="trace-page">
      <Typography.Title level={2}>
        <EnvironmentOutlined style={{ color: '#389e0d' }} /> {t('trace.title')}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} md={16}>
          <Card>
            <Descriptions column={1} size="middle">
              <Descriptions.Item label={t('trace.product')}>
                <Typography.Text strong>{traceCode.productName}</Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t('trace.code')}>
                <Space>
                  <Typography.Text code data-testid="trace-code">
                    {traceCode.code}
                  </Typography.Text>
                  <Tag color="green">{t(`trace.kind.${traceCode.kind}`)}</Tag>
                </Space>
              </Descriptions.Item>
              <Descriptions.Item label={t('trace.origin')}>
                <Tag color="gold" data-testid="trace-origin">
                  {traceCode.origin}
                </Tag>
              </Descriptions.Item>
              <Descriptions.Item label={t('trace.store')}>{store.name}</Descriptions.Item>
              {lot && (
                <Descriptions.Item label={t('trace.lot')}>
                  <Link to={`/trace/${encodeURIComponent(lot.code)}`}>
                    {lot.productName} · {lot.code}
                  </Link>
                </Descriptions.Item>
              )}
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} md={8}>
          <Card style={{ textAlign: 'center' }}>
            {qr ? (
              <img
                data-testid="trace-qr"
                alt={t('trace.qr')}
                src={`data:image/svg+xml;utf8,${encodeURIComponent(qr)}`}
                style={{ width: 180, height: 180 }}
              />
            ) : (
              <Skeleton.Image active />
            )}
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
              {t('trace.qr')}
            </Typography.Paragraph>
          </Card>
        </Col>
      </Row>

      <div style={{ margin: '16px 0' }} data-testid="trace-verification">
        {!verification.data && !verification.error && (
          <Alert type="info" showIcon title={t('trace.verifying')} />
        )}
        {verification.error != null && <Alert type="warning" showIcon title={t('trace.error.other')} />}
        {verification.data?.ok && (
          <Alert
            type="success"
            showIcon
            title={
              verification.data.checkpoint
                ? t('trace.verified', {
                    n: verification.data.events.length,
                    size: verification.data.checkpoint.size,
                  })
                : t('trace.verifiedEmpty')
            }
            description={t('trace.howto')}
          />
        )}
        {verification.data?.mismatch && (
          <Alert
            type="error"
            showIcon
            title={t('trace.mismatch', { n: verification.data.mismatch.logIndex })}
            description={problemText(verification.data.mismatch)}
          />
        )}
      </div>

      <Card title={t('trace.events')}>
        {events.length === 0 ? (
          <Empty description={t('trace.noEvents')} />
        ) : (
          <Timeline
            data-testid="trace-events"
            items={events.map((e) => {
              const check = checks.get(e.id);
              return {
                key: e.id,
                color: check ? (check.ok ? 'green' : 'red') : 'gray',
                icon: check ? check.ok ? <CheckCircleFilled /> : <CloseCircleFilled /> : undefined,
                children: (
                  <div data-testid="trace-event">
                    <Space wrap>
                      <Typography.Text strong>{t(`trace.event.${e.kind}`)}</Typography.Text>
                      <Typography.Text>{e.place}</Typography.Text>
                      <Typography.Text type="secondary">
                        {dayjs(e.occurredAt).format('YYYY-MM-DD HH:mm')}
                      </Typography.Text>
                    </Space>
                    {e.note && <div>{e.note}</div>}
                    <Space wrap size="small">
                      <Typography.Text type="secondary">{t('trace.by', { name: e.by })}</Typography.Text>
                      <Typography.Text type="secondary">
                        {t('trace.entry', { n: e.logIndex })}
                      </Typography.Text>
                      <a href={traceApi.receiptUrl(e.logIndex)} download={`provenance-${e.logIndex}.json`}>
                        <DownloadOutlined /> {t('trace.receipt')}
                      </a>
                    </Space>
                    {check && !check.ok && (
                      <Typography.Text type="danger"> {problemText(check)}</Typography.Text>
                    )}
                  </div>
                ),
              };
            })}
          />
        )}
      </Card>
    </div>
  );
}
