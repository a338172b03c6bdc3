import { App, Button, Card, InputNumber, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../app/i18n';
import { yuan } from '../../app/money';
import { useAsync } from '../../app/useAsync';
import { ticketsConsoleApi, type WaitlistEntry, type WaitlistOverview } from './api';
import { fmtInstant, refusalText, useTypeNames } from './shared';
import type { TabProps } from './TypesTab';

type TypeRow = WaitlistOverview['types'][number];
const ENTRY_COLOR = { waiting: 'blue', offered: 'gold', redeemed: 'green', expired: 'default' } as const;

/**
 * 候补: per type how many wait, the offers out, redeemed and expired, and what raising its quota
 * by the waiting count would earn; the entries in line order, each with a priority to move it.
 */
export function WaitlistTab({ eventId, setup }: TabProps) {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const typeName = useTypeNames(setup);
  const overview = useAsync(() => ticketsConsoleApi.waitlist(eventId), [eventId]);
  const [priorities, setPriorities] = useState<Record<string, number>>({});
  const [saving, setSaving] = useState<string | null>(null);

  const savePriority = async (entry: WaitlistEntry) => {
    const priority = priorities[entry.id];
    if (priority === undefined) return;
    setSaving(entry.id);
    try {
      await ticketsConsoleApi.setPriority(entry.id, priority);
      message.success(t('tcon.saved'));
      overview.reload();
    } catch (e) {
      message.error(refusalText(t, e));
    } finally {
      setSaving(null);
    }
  };

  const types = (overview.data?.types ?? []).filter(
    (w) => w.waiting + w.offered + w.redeemed + w.expired > 0,
  );

  return (
    <div data-testid="waitlist-tab">
      <Card title={t('tcon.waitlist.byType')} style={{ marginBottom: 16 }}>
        <Table<TypeRow>
          rowKey="typeId"
          size="small"
          pagination={false}
          loading={overview.loading}
          dataSource={types}
          locale={{ emptyText: t('tcon.waitlist.none') }}
          onRow={() => ({ 'data-testid': 'waitlist-type' }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            {
              title: t('tcon.order.type'),
              render: (_, w) => <span data-testid="waitlist-type-name">{pick(w.name)}</span>,
            },
            { title: t('tcon.type.available'), align: 'right', dataIndex: 'available' },
            {
              title: t('tcon.waitlist.waiting'),
              align: 'right',
              render: (_, w) => <b data-testid="waitlist-waiting">{w.waiting}</b>,
            },
            { title: t('tcon.waitlist.offered'), align: 'right', dataIndex: 'offered' },
            { title: t('tcon.waitlist.redeemed'), align: 'right', dataIndex: 'redeemed' },
            { title: t('tcon.waitlist.expired'), align: 'right', dataIndex: 'expired' },
            {
              title: t('tcon.waitlist.potential'),
              align: 'right',
              render: (_, w) => <b data-testid="waitlist-potential">{yuan(w.potentialRevenue)}</b>,
            },
            {
              title: t('tcon.waitlist.whatIf'),
              render: (_, w) =>
                w.waiting > 0 ? (
                  <Typography.Text data-testid="waitlist-what-if">
                    {w.potentialRevenue > 0
                      ? t('tcon.waitlist.raiseEarns', { n: w.waiting, amount: yuan(w.potentialRevenue) })
                      : t('tcon.waitlist.raiseSeats', { n: w.waiting })}
                  </Typography.Text>
                ) : (
                  '—'
                ),
            },
          ]}
        />
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {t('tcon.waitlist.hint')}
        </Typography.Paragraph>
      </Card>
      <Card title={t('tcon.waitlist.entries')}>
        <Table<WaitlistEntry>
          rowKey="id"
          size="small"
          loading={overview.loading}
          dataSource={overview.data?.entries ?? []}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          locale={{ emptyText: t('tcon.waitlist.none') }}
          onRow={() => ({ 'data-testid': 'waitlist-entry' }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            {
              title: t('tcon.waitlist.who'),
              render: (_, e) => (
                <span data-user-content data-testid="waitlist-email">
                  {e.email}
                </span>
              ),
            },
            { title: t('tcon.order.type'), render: (_, e) => typeName(e.typeId) },
            { title: t('tcon.waitlist.joinedAt'), render: (_, e) => fmtInstant(e.createdAt) },
            {
              title: t('tcon.waitlist.status'),
              render: (_, e) => (
                <Space size={4}>
                  <Tag color={ENTRY_COLOR[e.status]}>{t(`tcon.waitlist.status.${e.status}`)}</Tag>
                  {e.status === 'offered' && e.offer?.expiresAt && (
                    <Typography.Text type="secondary">
                      {t('tcon.waitlist.offerUntil', { at: fmtInstant(e.offer.expiresAt) })}
                    </Typography.Text>
                  )}
                </Space>
              ),
            },
            {
              title: t('tcon.waitlist.priority'),
              render: (_, e) => (
                <Space.Compact>
                  <InputNumber
                    size="small"
                    min={-1000}
                    max={1000}
                    precision={0}
                    style={{ width: 90 }}
                    data-testid="waitlist-priority"
                    value={priorities[e.id] ?? e.priority}
                    disabled={e.status !== 'waiting'}
                    onChange={(v) => setPriorities((p) => ({ ...p, [e.id]: Number(v ?? 0) }))}
                  />
                  <Button
                    size="small"
                    data-testid="waitlist-priority-save"
                    disabled={e.status !== 'waiting' || priorities[e.id] === undefined}
                    loading={saving === e.id}
                    onClick={() => savePriority(e)}
                  >
                    {t('tcon.save')}
                  </Button>
                </Space.Compact>
              ),
            },
          ]}
        />
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {t('tcon.waitlist.priorityHint')}
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
