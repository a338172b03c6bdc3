import { Tabs, Typography } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { useAsync } from '../../app/useAsync';
import { charityAdminApi } from '../../charity/api';
import { useText } from '../../merchant/format';
import { RequireRole } from '../../orders/RequireRole';
import { CharitiesPanel } from './CharitiesPanel';
import { ProjectsPanel } from './ProjectsPanel';

/** /console/charity: operators verify charities and run projects, updates and disbursements. */
function CharityConsole() {
  const { l } = useText();
  const [params, setParams] = useSearchParams();
  const charities = useAsync(() => charityAdminApi.charities(), []);
  const tab = params.get('tab') === 'projects' ? 'projects' : 'charities';
  return (
    <div data-testid="charity-console">
      <Typography.Title level={3}>{l('公益管理', 'Charity console')}</Typography.Title>
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams({ tab: key }, { replace: true })}
        items={[
          { key: 'charities', label: l('公益机构', 'Charities'), children: <CharitiesPanel /> },
          {
            key: 'projects',
            label: l('项目与拨付', 'Projects and disbursements'),
            children: <ProjectsPanel charities={charities.data ?? []} />,
          },
        ]}
      />
    </div>
  );
}

export function CharityConsolePage() {
  return (
    <RequireRole allow="operator">
      <CharityConsole />
    </RequireRole>
  );
}
