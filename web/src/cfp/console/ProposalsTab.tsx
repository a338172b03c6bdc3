import { Alert, Card, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../app/i18n';
import { formatInZone } from '../../app/time';
import { useAsync } from '../../app/useAsync';
import { cfpApi } from '../api';
import { cfpErrorText } from '../errors';
import { StateTag, score, TrackTag, typeLabel } from '../shared';
import { type ProposalState, STATES, type TrackRef } from '../types';

/** 议题: every proposal of the event, filtered by state and track (server side) and by words (here). */
export function ProposalsTab({
  eventId,
  zone,
  tracks,
}: {
  eventId: string;
  zone: string;
  tracks: TrackRef[];
}) {
  const { t, pick } = useI18n();
  const [state, setState] = useState<ProposalState | undefined>();
  const [trackId, setTrackId] = useState<string | undefined>();
  const [words, setWords] = useState('');
  const proposals = useAsync(() => cfpApi.proposals(eventId, { state, trackId }), [eventId, state, trackId]);
  const needle = words.trim().toLowerCase();
  const rows = (proposals.data ?? []).filter(
    (p) =>
      !needle ||
      p.title.toLowerCase().includes(needle) ||
      p.speakers.some(
        (s) => s.name.toLowerCase().includes(needle) || (s.company ?? '').toLowerCase().includes(needle),
      ),
  );

  return (
    <Card data-testid="cfp-proposals">
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder={t('cfp.list.all')}
          style={{ width: 150 }}
          value={state}
          onChange={setState}
          options={STATES.map((s) => ({ value: s, label: t(`cfp.state.${s}`) }))}
          data-testid="cfp-filter-state"
        />
        {tracks.length > 0 && (
          <Select
            allowClear
            placeholder={t('cfp.list.allTracks')}
            style={{ width: 180 }}
            value={trackId}
            onChange={setTrackId}
            options={tracks.map((tr) => ({ value: tr.id, label: pick(tr.name) }))}
            data-testid="cfp-filter-track"
          />
        )}
        <Input.Search
          allowClear
          placeholder={t('cfp.list.search')}
          style={{ width: 240 }}
          onSearch={setWords}
          onChange={(e) => !e.target.value && setWords('')}
          data-testid="cfp-filter-words"
        />
        <Typography.Text type="secondary">{t('cfp.list.count', { n: rows.length })}</Typography.Text>
      </Space>
      {proposals.error != null && <Alert type="error" showIcon title={cfpErrorText(t, proposals.error)} />}
      <Table
        rowKey="id"
        size="small"
        loading={proposals.loading}
        dataSource={rows}
        pagination={{ pageSize: 20, showSizeChanger: false }}
        onRow={(p) => ({ 'data-testid': 'cfp-proposal-row', 'data-proposal-id': p.id }) as object}
        expandable={{
          expandedRowRender: (p) => (
            <Typography.Paragraph data-user-content style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
              {p.abstract}
            </Typography.Paragraph>
          ),
        }}
        columns={[
          {
            key: 'title',
            title: t('cfp.dash.proposal'),
            render: (_, p) => <span data-user-content>{p.title}</span>,
          },
          {
            key: 'speakers',
            title: t('cfp.dash.speakers'),
            render: (_, p) => (
              <span data-user-content>
                {p.speakers.map((s) => (s.company ? `${s.name}（${s.company}）` : s.name)).join('、')}
              </span>
            ),
          },
          {
            key: 'type',
            title: t('cfp.list.type'),
            render: (_, p) => <Tag>{typeLabel(t, pick, p.submissionType)}</Tag>,
          },
          { key: 'track', title: t('cfp.form.track'), render: (_, p) => <TrackTag track={p.track} /> },
          { key: 'reviews', title: t('cfp.dash.reviews'), dataIndex: 'reviews', width: 70 },
          {
            key: 'avg',
            title: t('cfp.dash.average'),
            width: 80,
            render: (_, p) => score(p.overall.average),
            sorter: (a, b) => (a.overall.average ?? -1) - (b.overall.average ?? -1),
          },
          {
            key: 'state',
            title: t('cfp.dash.state'),
            width: 90,
            render: (_, p) => <StateTag state={p.state} />,
          },
          {
            key: 'at',
            title: t('cfp.list.submittedAt'),
            width: 150,
            render: (_, p) => formatInZone(p.submittedAt, zone),
          },
        ]}
      />
    </Card>
  );
}
