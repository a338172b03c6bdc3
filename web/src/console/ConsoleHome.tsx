import { HeartOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Space, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import { type CampaignStatus, STATUSES } from '../api';
import { useI18n } from '../app/i18n';
import { useSession } from '../auth/session';
import { CampaignTable } from './CampaignTable';
import { SeriesPanel } from './SeriesPanel';

export function ConsoleHome() {
  const { t } = useI18n();
  const { user } = useSession();
  const [params, setParams] = useSearchParams();
  const raw = params.get('status');
  const status = (STATUSES as readonly string[]).includes(raw ?? '') ? (raw as CampaignStatus) : undefined;

  return (
    <div data-testid="console-page">
      <div
        style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: 16 }}
      >
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('console.title')}
        </Typography.Title>
        <Space>
          {user?.role === 'operator' && (
            <Link to="/console/charity">
              <Button icon={<HeartOutlined />} data-testid="console-charity">
                {t('console.charity')}
              </Button>
            </Link>
          )}
          <Link to="/console/campaigns/new">
            <Button type="primary" icon={<PlusOutlined />} data-testid="console-new">
              {t('console.new')}
            </Button>
          </Link>
        </Space>
      </div>
      <div className="console-grid">
        <CampaignTable
          status={status}
          onStatus={(s) => setParams(s ? { status: s } : {}, { replace: true })}
        />
        <SeriesPanel />
      </div>
    </div>
  );
}
