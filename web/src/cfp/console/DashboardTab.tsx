import {
  Alert,
  Button,
  Card,
  Empty,
  Progress,
  Skeleton,
  Space,
  Statistic,
  Table,
  Tooltip,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useI18n } from '../../app/i18n';
import { useAsync } from '../../app/useAsync';
import { cfpApi } from '../api';
import { cfpErrorText } from '../errors';
import { StateTag, score, TrackTag } from '../shared';
import type { CfpDashboard, DashboardTrack, RankedProposal } from '../types';
import { DecisionDialog, type PendingDecision } from './DecisionDialog';

/**
 * 评审看板: review progress per track and the ranked list (average and spread of the reviews'
 * means); accept or reject one or many, always through a confirmation that sends the mails.
 */
export function DashboardTab({ eventId }: { eventId: string }) {
  const { t } = useI18n();
  const dashboard = useAsync(() => cfpApi.dashboard(eventId), [eventId]);
  const [pending, setPending] = useState<PendingDecision | null>(null);

  if (dashboard.error) return <Alert type="error" showIcon title={cfpErrorText(t, dashboard.error)} />;
  if (!dashboard.data) return <Skeleton active />;
  const d = dashboard.data;
  return (
    <div data-testid="cfp-dashboard">
      <Card style={{ marginBottom: 16 }}>
        <Space size={48} wrap>
          <Statistic title={t('cfp.tab.proposals')} value={d.totals.proposals} />
          <div style={{ minWidth: 280 }} data-testid="cfp-dashboard-totals">
            <Typography.Text>
              {t('cfp.dash.totals', {
                proposals: d.totals.proposals,
                done: d.totals.reviewsDone,
                needed: d.totals.reviewsNeeded,
              })}
            </Typography.Text>
            <Progress percent={percent(d.totals.reviewsDone, d.totals.reviewsNeeded)} />
          </div>
        </Space>
      </Card>
      {d.tracks.map((track) => (
        <TrackBoard
          key={track.track?.id ?? 'none'}
          dashboard={d}
          track={track}
          onDecide={(decision, rows) => setPending({ decision, proposals: rows })}
        />
      ))}
      {pending && (
        <DecisionDialog
          eventId={eventId}
          pending={pending}
          onClose={() => setPending(null)}
          onDone={() => {
            setPending(null);
            dashboard.reload();
          }}
        />
      )}
    </div>
  );
}

const percent = (done: number, needed: number) => (needed > 0 ? Math.round((done / needed) * 100) : 0);

function TrackBoard({
  dashboard,
  track,
  onDecide,
}: {
  dashboard: CfpDashboard;
  track: DashboardTrack;
  onDecide(decision: 'accept' | 'reject', rows: RankedProposal[]): void;
}) {
  const { t, pick } = useI18n();
  const [selected, setSelected] = useState<string[]>([]);
  const rows = track.ranked.filter((r) => selected.includes(r.proposalId));
  return (
    <Card
      style={{ marginBottom: 16 }}
      data-testid="cfp-track-board"
      data-track-id={track.track?.id ?? ''}
      title={
        <Space wrap>
          <TrackTag track={track.track} />
          <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
            {t('cfp.dash.reviewers', { n: track.reviewers })}
          </Typography.Text>
        </Space>
      }
      extra={
        <Space>
          <Button
            type="primary"
            disabled={rows.length === 0}
            onClick={() => onDecide('accept', rows)}
            data-testid="cfp-accept-selected"
          >
            {t('cfp.dash.acceptSelected', { n: rows.length })}
          </Button>
          <Button
            disabled={rows.length === 0}
            onClick={() => onDecide('reject', rows)}
            data-testid="cfp-reject-selected"
          >
            {t('cfp.dash.rejectSelected', { n: rows.length })}
          </Button>
        </Space>
      }
    >
      <div style={{ marginBottom: 12 }}>
        {t('cfp.dash.progress')}: {track.reviewsDone} / {track.reviewsNeeded}
        <Progress percent={percent(track.reviewsDone, track.reviewsNeeded)} size="small" />
      </div>
      <Table
        rowKey="proposalId"
        size="small"
        dataSource={track.ranked}
        pagination={track.ranked.length > 20 ? { pageSize: 20 } : false}
        locale={{ emptyText: <Empty description={t('cfp.dash.empty')} /> }}
        rowSelection={{
          selectedRowKeys: selected,
          onChange: (keys) => setSelected(keys as string[]),
          getCheckboxProps: (r) => ({ disabled: r.state !== 'submitted' }),
        }}
        onRow={(r) => ({ 'data-testid': 'cfp-ranked-row', 'data-proposal-id': r.proposalId }) as object}
        columns={[
          { key: 'rank', title: t('cfp.dash.rank'), dataIndex: 'rank', width: 64 },
          {
            key: 'title',
            title: t('cfp.dash.proposal'),
            render: (_, r) => <span data-user-content>{r.title}</span>,
          },
          {
            key: 'speakers',
            title: t('cfp.dash.speakers'),
            width: 160,
            render: (_, r) => <span data-user-content>{r.speakerNames.join('、')}</span>,
          },
          { key: 'reviews', title: t('cfp.dash.reviews'), dataIndex: 'reviews', width: 80 },
          {
            key: 'avg',
            title: t('cfp.dash.average'),
            width: 90,
            render: (_, r) =>
              r.overall.average == null ? (
                <Typography.Text type="secondary">{t('cfp.dash.noReviews')}</Typography.Text>
              ) : (
                <Tooltip
                  title={dashboard.criteria
                    .map((c) => `${pick(c.name)} ${score(r.criteria[c.key]?.average)}`)
                    .join(' · ')}
                >
                  <strong data-testid="cfp-ranked-average">{score(r.overall.average)}</strong>
                </Tooltip>
              ),
          },
          {
            key: 'spread',
            title: t('cfp.dash.spread'),
            width: 80,
            render: (_, r) => (r.overall.stdDev == null ? '—' : `±${r.overall.stdDev.toFixed(2)}`),
          },
          {
            key: 'state',
            title: t('cfp.dash.state'),
            width: 90,
            render: (_, r) => <StateTag state={r.state} />,
          },
          {
            key: 'act',
            title: '',
            width: 150,
            render: (_, r) =>
              r.state === 'submitted' && (
                <Space size={4}>
                  <Button
                    size="small"
                    type="primary"
                    onClick={() => onDecide('accept', [r])}
                    data-testid="cfp-accept"
                  >
                    {t('cfp.dash.accept')}
                  </Button>
                  <Button size="small" onClick={() => onDecide('reject', [r])} data-testid="cfp-reject">
                    {t('cfp.dash.reject')}
                  </Button>
                </Space>
              ),
          },
        ]}
      />
    </Card>
  );
}
