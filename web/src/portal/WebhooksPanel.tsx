import { Alert, App, Button, Popconfirm, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { type WebhookEndpoint, webhooksApi } from '../api';
import { useI18n } from '../app/i18n';
import { useAsync } from '../app/useAsync';
import { formatTime, portalErrorText } from './portal-ui';
import { SecretDialog } from './SecretDialog';
import { SubscribeDialog } from './SubscribeDialog';

/** The owner's webhook endpoints: subscribe, secret, test ping, enable/disable, delete, log. */
export function WebhooksPanel() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const endpoints = useAsync(() => webhooksApi.list(), []);
  const [subscribing, setSubscribing] = useState(false);
  const [secretOf, setSecretOf] = useState<WebhookEndpoint | null>(null);

  const act = async (action: () => Promise<unknown>, done?: string) => {
    try {
      await action();
      if (done) message.success(done);
      endpoints.reload();
    } catch (e) {
      message.error(portalErrorText(t, e));
    }
  };

  const status = (e: WebhookEndpoint) => {
    if (e.status === 'enabled')
      return (
        <Space direction="vertical" size={0}>
          <Tag color="green">{t('portal.hooks.status.enabled')}</Tag>
          {e.failingSince && (
            <Typography.Text type="warning" style={{ fontSize: 12 }}>
              {t('portal.hooks.failingSince', { time: formatTime(e.failingSince) })}
            </Typography.Text>
          )}
        </Space>
      );
    const reason =
      e.disabledReason === 'failing' ? 'portal.hooks.disabled.failing' : 'portal.hooks.disabled.owner';
    return (
      <Space direction="vertical" size={0}>
        <Tag color={e.disabledReason === 'failing' ? 'red' : 'default'}>
          {t('portal.hooks.status.disabled')}
        </Tag>
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="hook-disabled-reason">
          {t(reason, { time: formatTime(e.disabledAt) })}
        </Typography.Text>
      </Space>
    );
  };

  return (
    <div data-testid="portal-webhooks">
      <Space style={{ marginBottom: 16 }}>
        <Button type="primary" onClick={() => setSubscribing(true)} data-testid="hook-create">
          {t('portal.hooks.subscribe')}
        </Button>
      </Space>
      {endpoints.error !== undefined && <Alert type="error" title={portalErrorText(t, endpoints.error)} />}
      <Table<WebhookEndpoint>
        rowKey="id"
        loading={endpoints.loading}
        dataSource={endpoints.data ?? []}
        pagination={false}
        locale={{ emptyText: t('portal.hooks.empty') }}
        onRow={() => ({ 'data-testid': 'hook-row' }) as never}
        columns={[
          {
            title: t('portal.hooks.col.url'),
            dataIndex: 'url',
            render: (url: string, e) => (
              <Space direction="vertical" size={0}>
                <Typography.Text code style={{ wordBreak: 'break-all' }}>
                  {url}
                </Typography.Text>
                {e.description && <Typography.Text type="secondary">{e.description}</Typography.Text>}
                {e.campaignId && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('portal.hooks.campaign', { id: e.campaignId })}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          {
            title: t('portal.hooks.col.events'),
            dataIndex: 'eventTypes',
            render: (types: string[]) => (
              <Tooltip title={types.join(', ')}>
                <Space size={[0, 4]} wrap>
                  {types.slice(0, 3).map((type) => (
                    <Tag key={type}>{type}</Tag>
                  ))}
                  {types.length > 3 && <Tag>+{types.length - 3}</Tag>}
                </Space>
              </Tooltip>
            ),
          },
          { title: t('portal.hooks.col.status'), key: 'status', render: (_, e) => status(e) },
          {
            title: t('portal.hooks.col.created'),
            dataIndex: 'createdAt',
            render: (at: string) => formatTime(at),
          },
          {
            title: t('portal.hooks.col.actions'),
            key: 'actions',
            render: (_, e) => (
              <Space wrap>
                <Link to={`/developer/webhooks/${e.id}`} data-testid="hook-log">
                  {t('portal.hooks.log')}
                </Link>
                <Button
                  size="small"
                  disabled={e.status !== 'enabled'}
                  onClick={() => act(() => webhooksApi.ping(e.id), t('portal.hooks.ping.queued'))}
                  data-testid="hook-ping"
                >
                  {t('portal.hooks.ping')}
                </Button>
                <Button size="small" onClick={() => setSecretOf(e)} data-testid="hook-secret-open">
                  {t('portal.hooks.secret')}
                </Button>
                <Button
                  size="small"
                  onClick={() => act(() => webhooksApi.setEnabled(e.id, e.status !== 'enabled'))}
                  data-testid="hook-toggle"
                >
                  {e.status === 'enabled' ? t('portal.hooks.disable') : t('portal.hooks.enable')}
                </Button>
                <Popconfirm
                  title={t('portal.hooks.delete.confirm', { url: e.url })}
                  okText={t('portal.hooks.delete')}
                  cancelText={t('portal.cancel')}
                  okButtonProps={{ danger: true, 'data-testid': 'hook-delete-confirm' }}
                  onConfirm={() => act(() => webhooksApi.remove(e.id), t('portal.hooks.deleted'))}
                >
                  <Button size="small" danger data-testid="hook-delete">
                    {t('portal.hooks.delete')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <SubscribeDialog
        open={subscribing}
        onClose={(made) => {
          setSubscribing(false);
          if (made) endpoints.reload();
        }}
      />
      <SecretDialog key={secretOf?.id ?? 'none'} endpoint={secretOf} onClose={() => setSecretOf(null)} />
    </div>
  );
}
