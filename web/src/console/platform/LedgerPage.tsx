import { Alert, Button, Card, Drawer, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { type MessageKey, type Translate, useI18n } from '../../app/i18n';
import { zhCN } from '../../app/i18n/zh-CN';
import { useAsync } from '../../app/useAsync';
import { type AccountsQuery, type LedgerAccount, opsApi } from '../ops-api';
import { fmtTime, money } from '../shared';

const OWNER_TYPES = ['customer', 'store', 'platform', 'charity'] as const;
const ACCOUNT_TYPES = ['asset', 'liability', 'revenue', 'expense', 'equity'] as const;

const known = (key: string): key is MessageKey => key in zhCN;
/** The purpose part of `owner:id:purpose:CUR` (or `platform:purpose:CUR`) in words. */
export function purposeOf(a: LedgerAccount, t: Translate): string {
  const parts = a.code.split(':');
  const purpose = parts.length === 3 ? parts[1]! : parts[2]!;
  const key = `ledger.purpose.${purpose}`;
  return known(key) ? t(key) : purpose;
}
const kindText = (kind: string, t: Translate) => {
  const key = `ledger.kind.${kind}`;
  return known(key) ? t(key) : t('ledger.kind.other');
};

/** 账务: the trial balance (and a full recomputation on demand), every account, and a statement drawer. */
export function LedgerPage() {
  const { t } = useI18n();
  const [verify, setVerify] = useState(false);
  const [filter, setFilter] = useState<AccountsQuery>({ limit: 500 });
  const [open, setOpen] = useState<LedgerAccount | null>(null);
  const [offset, setOffset] = useState(0);
  const trial = useAsync(() => opsApi.trialBalance(verify), [verify]);
  const accounts = useAsync(() => opsApi.accounts(filter), [filter]);
  const { data: stores } = useAsync(() => opsApi.stores().catch(() => []), []);
  const { data: users } = useAsync(() => opsApi.users({ limit: 200 }).catch(() => []), []);
  const statement = useAsync(
    () => (open ? opsApi.statement(open.code, offset) : Promise.resolve(null)),
    [open, offset],
  );

  const ownerName = (a: LedgerAccount) => {
    if (a.ownerType === 'platform') return t('ledger.owner.platform');
    const name =
      a.ownerType === 'store'
        ? stores?.find((s) => s.id === a.ownerId)?.name
        : a.ownerType === 'customer'
          ? users?.find((u) => u.id === a.ownerId)?.displayName
          : undefined;
    return name ?? t(`ledger.owner.${a.ownerType}`);
  };

  const tb = trial.data?.trialBalance;
  return (
    <div data-testid="ledger-page">
      <Typography.Title level={3}>{t('ledger.title')}</Typography.Title>
      <Card title={t('ledger.trial')} size="small" style={{ marginBottom: 16 }}>
        {tb && (
          <Space size={40} wrap align="center">
            <Tag
              color={tb.balanced ? 'green' : 'red'}
              data-testid="trial-balanced"
              data-balanced={String(tb.balanced)}
            >
              {tb.balanced ? t('ledger.balanced') : t('ledger.unbalanced')}
            </Tag>
            <Statistic title={t('ledger.total')} value={money(tb.total)} />
            {Object.entries(tb.byCurrency).map(([cur, sum]) => (
              <Statistic key={cur} title={`${t('ledger.currency')} ${cur}`} value={money(sum)} />
            ))}
            <Button
              onClick={() => (verify ? trial.reload() : setVerify(true))}
              loading={trial.loading}
              data-testid="ledger-verify"
            >
              {t('ledger.verify')}
            </Button>
          </Space>
        )}
        {trial.data?.issues && (
          <Alert
            style={{ marginTop: 12 }}
            type={trial.data.issues.length === 0 ? 'success' : 'error'}
            showIcon
            title={t('ledger.verified', { n: trial.data.issues.length })}
          />
        )}
      </Card>
      <Card title={t('ledger.accounts')} size="small">
        <Space style={{ marginBottom: 12 }} wrap>
          <Select
            style={{ width: 140 }}
            value={filter.ownerType ?? 'all'}
            aria-label={t('ledger.ownerType')}
            onChange={(v) => setFilter((f) => ({ ...f, ownerType: v === 'all' ? undefined : (v as never) }))}
            options={[
              { value: 'all', label: `${t('ledger.ownerType')}：${t('ledger.filter.all')}` },
              ...OWNER_TYPES.map((o) => ({ value: o, label: t(`ledger.owner.${o}`) })),
            ]}
          />
          <Select
            style={{ width: 140 }}
            value={filter.type ?? 'all'}
            aria-label={t('ledger.type')}
            onChange={(v) => setFilter((f) => ({ ...f, type: v === 'all' ? undefined : (v as never) }))}
            options={[
              { value: 'all', label: `${t('ledger.type')}：${t('ledger.filter.all')}` },
              ...ACCOUNT_TYPES.map((o) => ({ value: o, label: t(`ledger.type.${o}`) })),
            ]}
          />
        </Space>
        <Table<LedgerAccount>
          rowKey="id"
          size="small"
          loading={accounts.loading}
          dataSource={accounts.data?.items ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 640 }}
          onRow={(a) => ({
            onClick: () => {
              setOffset(0);
              setOpen(a);
            },
            style: { cursor: 'pointer' },
          })}
          columns={[
            {
              key: 'account',
              title: t('ledger.col.account'),
              render: (_, a) => (
                <span data-testid="ledger-account" data-code={a.code}>
                  {purposeOf(a, t)} <Tag>{t(`ledger.type.${a.type}`)}</Tag>
                </span>
              ),
            },
            {
              key: 'owner',
              title: t('ledger.col.owner'),
              render: (_, a) => <span data-user-content>{ownerName(a)}</span>,
            },
            { key: 'currency', title: t('ledger.currency'), dataIndex: 'currency' },
            {
              key: 'balance',
              title: t('ledger.col.balance'),
              align: 'right',
              render: (_, a) => money(a.balance),
            },
          ]}
        />
      </Card>
      <Drawer
        open={open !== null}
        onClose={() => setOpen(null)}
        size="large"
        title={open ? `${t('ledger.statement')} · ${purposeOf(open, t)} · ${ownerName(open)}` : ''}
      >
        {statement.data && (
          <>
            <Statistic
              title={t('ledger.col.balance')}
              value={money(statement.data.account.balance)}
              style={{ marginBottom: 12 }}
            />
            <Table
              rowKey="entryId"
              size="small"
              loading={statement.loading}
              dataSource={statement.data.items}
              data-testid="ledger-statement"
              pagination={{
                current: offset / 50 + 1,
                pageSize: 50,
                total: statement.data.total,
                hideOnSinglePage: true,
                onChange: (page) => setOffset((page - 1) * 50),
              }}
              columns={[
                { key: 'at', title: t('ledger.col.at'), render: (_, l) => fmtTime(l.createdAt) },
                { key: 'kind', title: t('ledger.col.kind'), render: (_, l) => kindText(l.kind, t) },
                {
                  key: 'change',
                  title: t('ledger.col.change'),
                  align: 'right',
                  render: (_, l) => money(l.change),
                },
                {
                  key: 'after',
                  title: t('ledger.col.after'),
                  align: 'right',
                  render: (_, l) => money(l.balanceAfter),
                },
              ]}
            />
          </>
        )}
      </Drawer>
    </div>
  );
}
