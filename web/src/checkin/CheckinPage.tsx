import { CloudSyncOutlined, ScanOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Col,
  Empty,
  Input,
  Row,
  Select,
  Space,
  Statistic,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, Navigate, useLocation } from 'react-router-dom';
import { isApiError } from '../api';
import { useI18n } from '../app/i18n';
import { dayjs } from '../app/time';
import { useAsync } from '../app/useAsync';
import { canManage, useSession } from '../auth/session';
import { type CheckinList, type CheckinStats, type CheckinTicket, checkinApi } from './api';
import { checkinErrorText } from './errors';
import {
  deviceId,
  fromDownload,
  judgeOffline,
  loadOffline,
  newScanId,
  type OfflineState,
  saveOffline,
} from './offline';
import { type FirstScan, type Outcome, ScanResult } from './ScanResult';

type Listed = CheckinTicket & { checkedInAt: string | null };

/**
 * The staff's check-in page (docs/checkin.md): paste or type a code (a scanner gun types it and
 * presses Enter), or find the attendee by name; the second scan of a ticket shows when and where
 * it was first let in. Offline mode downloads the list and the public key and keeps admitting
 * without the network; Sync sends the device's scans, and the server flags the later duplicates.
 */
function Door({ lists }: { lists: CheckinList[] }) {
  const { t } = useI18n();
  const { user } = useSession();
  const [listId, setListId] = useState(lists[0]!.id);
  const list = lists.find((l) => l.id === listId) ?? lists[0]!;
  const [code, setCode] = useState('');
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [busy, setBusy] = useState(false);
  const [offline, setOffline] = useState<OfflineState | null>(() => loadOffline(listId));
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [q, setQ] = useState('');
  const [found, setFound] = useState<Listed[] | null>(null);
  const [stats, setStats] = useState<CheckinStats | null>(null);
  const input = useRef<{ focus: () => void } | null>(null);

  const refreshStats = useCallback(() => {
    if (offline) return;
    checkinApi.stats(listId).then(setStats, () => undefined);
  }, [listId, offline]);
  useEffect(() => {
    setOffline(loadOffline(listId));
    setOutcome(null);
    setFound(null);
  }, [listId]);
  useEffect(() => {
    refreshStats();
    const timer = setInterval(refreshStats, 5000);
    return () => clearInterval(timer);
  }, [refreshStats]);

  const keepOffline = (state: OfflineState | null) => {
    saveOffline(listId, state);
    setOffline(state);
  };

  async function goOffline(on: boolean) {
    setError(null);
    setNotice(null);
    if (on) {
      try {
        keepOffline(fromDownload(await checkinApi.download(listId), loadOffline(listId)));
      } catch (e) {
        setError(checkinErrorText(t, e));
      }
    } else {
      if (await sync()) keepOffline(null);
    }
  }

  async function sync(): Promise<boolean> {
    const state = loadOffline(listId);
    if (!state) return true;
    try {
      const result = await checkinApi.sync(listId, deviceId(), state.queue);
      setNotice(t('checkin.synced', { count: result.recorded, duplicates: result.duplicates.length }));
      keepOffline(fromDownload(await checkinApi.download(listId), { ...state, queue: [] }));
      return true;
    } catch (e) {
      setError(checkinErrorText(t, e));
      return false;
    }
  }

  async function admit(what: { payload?: string; ticketId?: string }) {
    setBusy(true);
    setError(null);
    const at = new Date();
    try {
      if (offline) {
        const verdict = await judgeOffline(offline, what, at);
        if (verdict.ok) {
          const scan = { ...what, scannedAt: at.toISOString(), clientScanId: newScanId() };
          keepOffline({
            ...offline,
            queue: [...offline.queue, scan],
            inAt: { ...offline.inAt, [verdict.ticket.ticketId]: scan.scannedAt },
          });
          setOutcome({ kind: 'admitted', ticket: verdict.ticket, offline: true });
        } else
          setOutcome({
            kind: 'refused',
            code: verdict.code,
            ticket: verdict.ticket,
            firstAt: verdict.firstAt,
          });
        return;
      }
      const scan = await checkinApi.scan(listId, {
        ...what,
        deviceId: deviceId(),
        scannedAt: at.toISOString(),
        clientScanId: newScanId(),
      });
      setOutcome({ kind: 'admitted', ticket: scan.ticket!, offline: false });
      refreshStats();
    } catch (e) {
      if (isApiError(e) && e.code !== 'NETWORK' && e.details && 'scanId' in e.details) {
        const details = e.details as { ticket: CheckinTicket | null; firstScan?: FirstScan };
        setOutcome({ kind: 'refused', code: e.code, ticket: details.ticket, first: details.firstScan });
      } else setError(checkinErrorText(t, e));
    } finally {
      setBusy(false);
      setCode('');
      input.current?.focus();
    }
  }

  async function search(text: string) {
    setQ(text);
    if (!text.trim()) return setFound(null);
    if (offline) {
      const needle = text.trim().toLowerCase();
      return setFound(
        offline.download.tickets
          .filter((x) => `${x.attendeeName} ${x.attendeeCompany ?? ''}`.toLowerCase().includes(needle))
          .slice(0, 20)
          .map((x) => ({ ...x, checkedInAt: offline.inAt[x.ticketId] ?? null })),
      );
    }
    try {
      setFound(await checkinApi.search(listId, text));
    } catch (e) {
      setError(checkinErrorText(t, e));
    }
  }

  return (
    <div data-testid="checkin-page">
      <Typography.Title level={2}>
        <ScanOutlined /> {t('checkin.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('checkin.intro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }}>
        <span>{t('checkin.list')}</span>
        <Select
          data-testid="checkin-list"
          style={{ minWidth: 260 }}
          value={listId}
          onChange={setListId}
          options={lists.map((l) => ({ value: l.id, label: l.name }))}
        />
        <Switch data-testid="checkin-offline" checked={!!offline} onChange={goOffline} />
        <span>{t('checkin.offline')}</span>
        {offline && (
          <Button icon={<CloudSyncOutlined />} data-testid="checkin-sync" onClick={() => sync()}>
            {t('checkin.sync')}
          </Button>
        )}
        {canManage(user) && <Link to={`/checkin/manage?event=${list.eventId}`}>{t('checkin.manage')}</Link>}
      </Space>
      {offline && (
        <Alert
          data-testid="checkin-offline-state"
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('checkin.offlineOn', {
            count: offline.download.tickets.length,
            pending: offline.queue.length,
          })}
          description={t('checkin.offlineDownloaded', {
            time: dayjs(offline.downloadedAt).format('YYYY-MM-DD HH:mm'),
          })}
        />
      )}
      {notice && (
        <Alert
          data-testid="checkin-notice"
          type="success"
          showIcon
          title={notice}
          style={{ marginBottom: 12 }}
        />
      )}
      {error && (
        <Alert data-testid="checkin-error" type="error" showIcon title={error} style={{ marginBottom: 12 }} />
      )}
      <Row gutter={16}>
        <Col xs={24} lg={14}>
          <Card style={{ marginBottom: 16 }}>
            <Input.Search
              ref={(r) => {
                input.current = r;
              }}
              data-testid="checkin-code"
              size="large"
              autoFocus
              allowClear
              placeholder={t('checkin.code')}
              enterButton={t('checkin.submit')}
              value={code}
              loading={busy}
              onChange={(e) => setCode(e.target.value)}
              onSearch={(v) => v.trim() && admit({ payload: v.trim() })}
            />
            <div style={{ marginTop: 16 }} data-testid="checkin-outcome">
              {outcome && <ScanResult outcome={outcome} />}
            </div>
          </Card>
          <Card title={t('checkin.search')}>
            <Input.Search
              data-testid="checkin-search"
              allowClear
              placeholder={t('checkin.search')}
              onSearch={search}
            />
            {found && (
              <Table<Listed>
                style={{ marginTop: 12 }}
                rowKey="ticketId"
                size="small"
                pagination={false}
                dataSource={found}
                locale={{ emptyText: <Empty description={t('checkin.searchEmpty')} /> }}
                onRow={() => ({ 'data-testid': 'checkin-found' }) as React.HTMLAttributes<HTMLElement>}
                columns={[
                  {
                    title: t('checkin.attendee'),
                    render: (_, r) =>
                      `${r.attendeeName}${r.attendeeCompany ? ` · ${r.attendeeCompany}` : ''}`,
                  },
                  { title: t('checkin.type'), dataIndex: 'typeName' },
                  {
                    title: '',
                    render: (_, r) =>
                      r.checkedInAt ? (
                        <Tag color="green">{t('checkin.in')}</Tag>
                      ) : (
                        <Button
                          size="small"
                          type="primary"
                          onClick={() => admit({ ticketId: r.ticketId }).then(() => search(q))}
                        >
                          {t('checkin.admit')}
                        </Button>
                      ),
                  },
                ]}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Attendance stats={offline ? null : stats} />
        </Col>
      </Row>
    </div>
  );
}

/** Live attendance of the list: in / expected, by type, the latest scans. */
export function Attendance({ stats }: { stats: CheckinStats | null }) {
  const { t } = useI18n();
  if (!stats) return null;
  return (
    <Card title={t('checkin.attendance')} data-testid="checkin-attendance">
      <Space size={48} style={{ marginBottom: 12 }}>
        <Statistic
          title={t('checkin.admittedCount')}
          value={stats.admitted}
          valueStyle={{ color: '#389e0d' }}
        />
        <Statistic title={t('checkin.expected')} value={stats.expected} />
      </Space>
      <Table
        size="small"
        rowKey="typeId"
        pagination={false}
        dataSource={stats.byType}
        columns={[
          { title: t('checkin.type'), dataIndex: 'typeName' },
          { title: t('checkin.admittedCount'), render: (_, r) => `${r.admitted} / ${r.expected}` },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('checkin.lastScans')}
      </Typography.Title>
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={stats.lastScans}
        onRow={() => ({ 'data-testid': 'checkin-last-scan' }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('checkin.time'), render: (_, r) => dayjs(r.scannedAt).format('MM-DD HH:mm:ss') },
          { title: t('checkin.attendee'), render: (_, r) => r.attendeeName ?? '—' },
          {
            title: t('checkin.result'),
            render: (_, r) => (
              <Tag color={r.result === 'admitted' ? 'green' : r.result === 'duplicate' ? 'orange' : 'red'}>
                {t(`checkin.result.${r.result}`)} · {t(`checkin.mode.${r.mode}`)}
              </Tag>
            ),
          },
        ]}
      />
    </Card>
  );
}

export default function CheckinPage() {
  const { user, loading } = useSession();
  const { t } = useI18n();
  const location = useLocation();
  const lists = useAsync(() => (user ? checkinApi.myLists() : Promise.resolve([])), [user?.id]);
  if (loading) return null;
  if (!user) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname)}`} replace />;
  if (lists.error) return <Alert type="error" showIcon title={checkinErrorText(t, lists.error)} />;
  if (!lists.data) return null;
  if (lists.data.length === 0)
    return (
      <div data-testid="checkin-page">
        <Typography.Title level={2}>{t('checkin.title')}</Typography.Title>
        <Empty description={t('checkin.noLists')} />
        {canManage(user) && <Link to="/checkin/manage">{t('checkin.manage')}</Link>}
      </div>
    );
  return <Door lists={lists.data} />;
}
