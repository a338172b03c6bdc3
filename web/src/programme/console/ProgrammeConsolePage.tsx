import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Skeleton, Tabs, Typography } from 'antd';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { useI18n } from '../../app/i18n';
import { useAsync } from '../../app/useAsync';
import { programmeApi } from '../api';
import { programmeErrorText } from '../errors';
import { FeedbackTab } from './FeedbackTab';
import { ScheduleEditor } from './ScheduleEditor';
import { SetupTab } from './SetupTab';
import { VersionsTab } from './VersionsTab';

const TABS = ['setup', 'editor', 'versions', 'feedback'] as const;

/** One conference's programme in the console: tracks and rooms, the grid editor, versions, feedback. */
export function ProgrammeConsolePage() {
  const { eventId = '' } = useParams();
  const { t, pick } = useI18n();
  const [params, setParams] = useSearchParams();
  const programme = useAsync(() => programmeApi.programme(eventId), [eventId]);
  const raw = params.get('tab');
  const tab = (TABS as readonly string[]).includes(raw ?? '') ? raw! : 'editor';

  if (programme.error && !programme.data)
    return <Alert type="error" showIcon title={programmeErrorText(t, programme.error)} />;
  const data = programme.data;
  if (!data) return <Skeleton active paragraph={{ rows: 12 }} />;

  return (
    <div data-testid="programme-console" data-event-id={eventId}>
      <Link to="/console/programme" style={{ color: '#595959' }}>
        <ArrowLeftOutlined /> {t('programme.console.back')}
      </Link>
      <Typography.Title level={3} style={{ marginTop: 8 }}>
        {pick(data.event.title)}
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {t('programme.console.timezone', { tz: data.event.timezone })}
      </Typography.Paragraph>
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams({ tab: k }, { replace: true })}
        items={[
          {
            key: 'setup',
            label: <span data-testid="tab-setup">{t('programme.tab.setup')}</span>,
            children: <SetupTab programme={data} reload={programme.reload} />,
          },
          {
            key: 'editor',
            label: <span data-testid="tab-editor">{t('programme.tab.editor')}</span>,
            children: <ScheduleEditor programme={data} reload={programme.reload} />,
          },
          {
            key: 'versions',
            label: <span data-testid="tab-versions">{t('programme.tab.versions')}</span>,
            children: <VersionsTab programme={data} reload={programme.reload} />,
          },
          {
            key: 'feedback',
            label: <span data-testid="tab-feedback">{t('programme.tab.feedback')}</span>,
            children: <FeedbackTab programme={data} />,
          },
        ]}
      />
    </div>
  );
}
