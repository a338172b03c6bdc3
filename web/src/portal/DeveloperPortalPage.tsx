import { Tabs, Typography } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { useI18n } from '../app/i18n';
import { ApiKeysPanel } from './ApiKeysPanel';
import { RequirePortalRole } from './RequirePortalRole';
import { WebhooksPanel } from './WebhooksPanel';

/** 开发者中心: API keys and webhook endpoints, one tab each (the tab is in the URL, so it can be linked). */
export default function DeveloperPortalPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'webhooks' ? 'webhooks' : 'keys';
  return (
    <RequirePortalRole>
      <div data-testid="developer-portal">
        <Typography.Title level={2}>{t('portal.title')}</Typography.Title>
        <Tabs
          activeKey={tab}
          onChange={(key) => setParams(key === 'keys' ? {} : { tab: key }, { replace: true })}
          items={[
            {
              key: 'keys',
              label: <span data-testid="tab-keys">{t('portal.tab.keys')}</span>,
              children: <ApiKeysPanel />,
            },
            {
              key: 'webhooks',
              label: <span data-testid="tab-webhooks">{t('portal.tab.webhooks')}</span>,
              children: <WebhooksPanel />,
            },
          ]}
        />
      </div>
    </RequirePortalRole>
  );
}
