import { PlusOutlined } from '@ant-design/icons';
import { Button, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import { type CampaignStatus, STATUSES } from '../api';
import { useI18n } from '../app/i18n';
import { CampaignTable } from './CampaignTable';
import { SeriesPanel } from './SeriesPanel';

export function ConsoleHome() {
  const { t } = useI18n();
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
        <Link to="/console/campaigns/new">
          <Button type="primary" icon={<PlusOutlined />} data-testid="console-new">
            {t('console.new')}
          </Button>
        </Link>
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
