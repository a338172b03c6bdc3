import { Alert, App, Button, Modal, Radio, Space, Typography } from 'antd';
import { useState } from 'react';
import { type WebhookEndpoint, webhooksApi } from '../api';
import { useI18n } from '../app/i18n';
import { formatTime, portalErrorText } from './portal-ui';
import { SecretField } from './SecretField';

const OVERLAPS = [
  { seconds: 0, label: 'portal.hooks.secret.overlap.0' },
  { seconds: 3600, label: 'portal.hooks.secret.overlap.1h' },
  { seconds: 86_400, label: 'portal.hooks.secret.overlap.24h' },
  { seconds: 7 * 86_400, label: 'portal.hooks.secret.overlap.7d' },
] as const;

/**
 * Reveal an endpoint's signing secret, or rotate it with an overlap during which both sign.
 * Render it keyed by the endpoint, so nothing of one endpoint's secret lingers for the next.
 */
export function SecretDialog({ endpoint, onClose }: { endpoint: WebhookEndpoint | null; onClose(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [secret, setSecret] = useState<string | null>(null);
  const [overlap, setOverlap] = useState<number>(86_400);
  const [rotatedUntil, setRotatedUntil] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    try {
      await action();
    } catch (e) {
      message.error(portalErrorText(t, e));
    } finally {
      setBusy(false);
    }
  };
  const reveal = () => run(async () => setSecret((await webhooksApi.secret(endpoint!.id)).secret));
  const rotate = () =>
    run(async () => {
      const answer = await webhooksApi.rotateSecret(endpoint!.id, overlap);
      setSecret(answer.secret);
      setRotatedUntil(overlap > 0 ? answer.previousSecretExpiresAt : null);
    });

  return (
    <Modal
      open={endpoint !== null}
      title={t('portal.hooks.secret')}
      onCancel={onClose}
      footer={null}
      width={640}
    >
      <Typography.Paragraph type="secondary">{t('portal.hooks.secret.help')}</Typography.Paragraph>
      {secret ? (
        <SecretField value={secret} testId="hook-secret" />
      ) : (
        <Button onClick={reveal} loading={busy} data-testid="hook-secret-reveal">
          {t('portal.hooks.secret.reveal')}
        </Button>
      )}
      {rotatedUntil && (
        <Alert
          type="info"
          showIcon
          style={{ marginTop: 12 }}
          title={t('portal.hooks.secret.rotated', { time: formatTime(rotatedUntil) })}
        />
      )}
      <div style={{ marginTop: 24 }}>
        <Typography.Text strong>{t('portal.hooks.secret.overlap')}</Typography.Text>
        <Radio.Group
          value={overlap}
          onChange={(e) => setOverlap(e.target.value)}
          style={{ display: 'block', margin: '8px 0' }}
        >
          <Space direction="vertical">
            {OVERLAPS.map((o) => (
              <Radio key={o.seconds} value={o.seconds}>
                {t(o.label)}
              </Radio>
            ))}
          </Space>
        </Radio.Group>
        <Button danger onClick={rotate} loading={busy} data-testid="hook-secret-rotate">
          {t('portal.hooks.secret.rotate')}
        </Button>
      </div>
    </Modal>
  );
}
