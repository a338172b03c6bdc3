import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Space, Statistic, Table } from 'antd';
import { useI18n } from '../../app/i18n';
import { useAsync } from '../../app/useAsync';
import { programmeApi } from '../api';
import { programmeErrorText } from '../errors';
import type { Programme } from '../types';

const avg = (v: number | null) => (v === null ? '—' : v.toFixed(2));

/** 反馈: per-session and per-track averages, attendance, and the CSV of every rating. */
export function FeedbackTab({ programme }: { programme: Programme }) {
  const { t, pick } = useI18n();
  const eventId = programme.event.id;
  const { data, error, loading } = useAsync(() => programmeApi.feedback(eventId), [eventId]);
  const trackName = (id: string | null) => {
    const tr = programme.tracks.find((x) => x.id === id);
    return tr ? pick(tr.name) : '—';
  };
  if (error) return <Alert type="error" showIcon title={programmeErrorText(t, error)} />;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="feedback-tab">
      <Card>
        <Space size={48} wrap>
          <Statistic title={t('programme.feedback.attendance')} value={data?.checkedIn ?? 0} />
          <Statistic title={t('programme.feedback.ratings')} value={data?.overall.ratings ?? 0} />
          <Statistic title={t('programme.feedback.average')} value={avg(data?.overall.average ?? null)} />
          <Button
            icon={<DownloadOutlined />}
            href={programmeApi.feedbackCsvUrl(eventId)}
            data-testid="feedback-csv"
          >
            {t('programme.feedback.csv')}
          </Button>
        </Space>
      </Card>
      <Card title={t('programme.feedback.tracks')}>
        <Table
          rowKey={(r) => r.trackId ?? '-'}
          size="small"
          pagination={false}
          loading={loading}
          dataSource={data?.tracks ?? []}
          locale={{ emptyText: t('programme.feedback.empty') }}
          columns={[
            { key: 'track', title: t('programme.feedback.track'), render: (_, r) => trackName(r.trackId) },
            { key: 'n', title: t('programme.feedback.ratings'), dataIndex: 'ratings' },
            { key: 'avg', title: t('programme.feedback.average'), render: (_, r) => avg(r.average) },
          ]}
        />
      </Card>
      <Card title={t('programme.feedback.sessions')}>
        <Table
          rowKey="sessionId"
          size="small"
          loading={loading}
          dataSource={data?.sessions ?? []}
          locale={{ emptyText: t('programme.feedback.empty') }}
          columns={[
            {
              key: 'title',
              title: t('programme.feedback.session'),
              render: (_, r) => <span data-user-content>{r.title}</span>,
            },
            { key: 'track', title: t('programme.feedback.track'), render: (_, r) => trackName(r.trackId) },
            { key: 'saved', title: t('programme.feedback.saved'), dataIndex: 'saved' },
            { key: 'n', title: t('programme.feedback.ratings'), dataIndex: 'ratings' },
            {
              key: 'avg',
              title: t('programme.feedback.average'),
              render: (_, r) => avg(r.average),
              sorter: (a, b) => (a.average ?? 0) - (b.average ?? 0),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
