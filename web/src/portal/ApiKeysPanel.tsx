import { Alert, App, Button, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { type ApiKeyInfo, apiKeysApi } from '../api';
import { useI18n } from '../app/i18n';
import { useAsync } from '../app/useAsync';
import { CreateKeyDialog } from './CreateKeyDialog';
import { KeyUsageDialog } from './KeyUsageDialog';
import { formatCount, formatTime, portalErrorText } from './portal-ui';

/** The signed-in owner's API keys: list, create, usage, revoke. */
export function ApiKeysPanel() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const keys = useAsync(() => apiKeysApi.list(), []);
  const [creating, setCreating] = useState(false);
  const [usageOf, setUsageOf] = useState<ApiKeyInfo | null>(null);

  const revoke = async (key: ApiKeyInfo) => {
    try {
      await apiKeysApi.revoke(key.id);
      message.success(t('portal.keys.revoked'));
      keys.reload();
    } catch (e) {
      message.error(portalErrorText(t, e));
    }
  };

  const limits = (key: ApiKeyInfo) => {
    const parts = [
      key.storeIds ? t('portal.keys.limits.stores', { n: key.storeIds.length }) : null,
      key.campaignIds ? t('portal.keys.limits.campaigns', { n: key.campaignIds.length }) : null,
    ].filter(Boolean);
    return parts.length ? parts.join(' · ') : t('portal.keys.limits.none');
  };

  return (
    <div data-testid="portal-keys">
      <Space style={{ marginBottom: 16 }}>
        <Button type="primary" onClick={() => setCreating(true)} data-testid="key-create">
          {t('portal.keys.create')}
        </Button>
      </Space>
      {keys.error !== undefined && <Alert type="error" title={portalErrorText(t, keys.error)} />}
      <Table<ApiKeyInfo>
        rowKey="id"
        loading={keys.loading}
        dataSource={keys.data ?? []}
        pagination={false}
        locale={{ emptyText: t('portal.keys.empty') }}
        onRow={(key) => ({ 'data-testid': `key-row-${key.prefix}` }) as never}
        columns={[
          { title: t('portal.keys.col.name'), dataIndex: 'name' },
          {
            title: t('portal.keys.col.prefix'),
            dataIndex: 'prefix',
            render: (prefix: string) => <Typography.Text code>{prefix}…</Typography.Text>,
          },
          {
            title: t('portal.keys.col.scopes'),
            dataIndex: 'scopes',
            render: (scopes: string[]) => (
              <Space size={[0, 4]} wrap>
                {scopes.map((s) => (
                  <Tag key={s}>{s}</Tag>
                ))}
              </Space>
            ),
          },
          { title: t('portal.keys.col.limits'), key: 'limits', render: (_, key) => limits(key) },
          {
            title: t('portal.keys.col.rate'),
            dataIndex: 'ratePerMinute',
            render: (rate: number | null) =>
              rate === null ? t('portal.default') : t('portal.keys.rate', { n: formatCount(rate, locale) }),
          },
          {
            title: t('portal.keys.col.lastUsed'),
            dataIndex: 'lastUsedAt',
            render: (at: string | null) => formatTime(at) || t('portal.never'),
          },
          {
            title: t('portal.keys.col.created'),
            dataIndex: 'createdAt',
            render: (at: string) => formatTime(at),
          },
          {
            title: t('portal.keys.col.actions'),
            key: 'actions',
            render: (_, key) => (
              <Space>
                {key.revokedAt && (
                  <Tag color="default" data-testid="key-revoked-tag">
                    {t('portal.keys.revokedAt', { time: formatTime(key.revokedAt) })}
                  </Tag>
                )}
                <Button size="small" onClick={() => setUsageOf(key)} data-testid="key-usage-open">
                  {t('portal.keys.usage')}
                </Button>
                {!key.revokedAt && (
                  <Popconfirm
                    title={t('portal.keys.revoke.confirm', { name: key.name })}
                    okText={t('portal.keys.revoke')}
                    cancelText={t('portal.cancel')}
                    okButtonProps={{ danger: true, 'data-testid': 'key-revoke-confirm' }}
                    onConfirm={() => revoke(key)}
                  >
                    <Button size="small" danger data-testid="key-revoke">
                      {t('portal.keys.revoke')}
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />
      <CreateKeyDialog
        open={creating}
        onClose={(made) => {
          setCreating(false);
          if (made) keys.reload();
        }}
      />
      <KeyUsageDialog apiKey={usageOf} onClose={() => setUsageOf(null)} />
    </div>
  );
}
