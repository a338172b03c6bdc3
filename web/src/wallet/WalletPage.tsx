import { WalletOutlined } from '@ant-design/icons';
import { Alert, Card, List, Statistic, Table, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { isApiError, type StatementLine, walletApi } from '../api';
import { useI18n } from '../app/i18n';
import { dayjs } from '../app/time';
import { useAsync } from '../app/useAsync';
import { useNarrow } from '../app/useNarrow';
import { useText, yuan } from '../merchant/format';
import { RequireRole } from '../orders/RequireRole';
import { TopUpForm } from './TopUpForm';
import { TopUpStatus } from './TopUpStatus';
import '../orders/orders.css';

const PAGE = 20;

const KINDS: Record<string, [string, string]> = {
  'wallet.topup': ['充值', 'Top-up'],
  'wallet.topup_refund': ['充值退回', 'Top-up sent back'],
  'wallet.demo_credit': ['演示体验金', 'Demo credit'],
  'wallet.charge': ['支付', 'Payment'],
  'wallet.refund': ['退款', 'Refund'],
  'order.price_protection': ['价保', 'Price protection'],
};

/**
 * 钱包: the balance, a top-up through the payment gateway (and its status on the way back), and the
 * statement (newest first) with the balance after each entry.
 */
function Wallet() {
  const { t } = useI18n();
  const { zh, l } = useText();
  const [page, setPage] = useState(1);
  const wallet = useAsync(() => walletApi.get({ limit: PAGE, offset: (page - 1) * PAGE }), [page]);
  const [params] = useSearchParams();
  const returningTopUp = params.get('topUp');
  const reload = wallet.reload;
  const onSettled = useCallback(() => reload(), [reload]);
  // Under 768 px the statement becomes a list of rows, as 我的订单 does (issue 9 item 8).
  const narrow = useNarrow();
  const kindOf = (r: StatementLine) => (
    <>
      {KINDS[r.kind]?.[zh ? 0 : 1] ?? r.kind}
      {r.reference.startsWith('ord_') && (
        <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>
          <Link to={`/orders/${r.reference}`} translate="no">
            {r.reference}
          </Link>
        </Typography.Text>
      )}
    </>
  );
  const change = (v: number) => (
    <span className="num" style={{ color: v > 0 ? '#389e0d' : undefined }} data-testid="statement-change">
      {v > 0 ? '+' : ''}
      {yuan(v)}
    </span>
  );

  if (wallet.error)
    return (
      <Alert
        type="error"
        showIcon
        title={isApiError(wallet.error) ? wallet.error.message : String(wallet.error)}
      />
    );
  const data = wallet.data;
  return (
    <div data-testid="wallet-page">
      <Typography.Title level={2}>
        <WalletOutlined /> {t('nav.wallet')}
      </Typography.Title>
      {returningTopUp && <TopUpStatus id={returningTopUp} onSettled={onSettled} />}
      <Card style={{ marginBottom: 16 }}>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 32, alignItems: 'center' }}>
          <Statistic
            title={l('余额', 'Balance')}
            loading={!data}
            valueRender={() => (
              <span className="shop-price num" style={{ fontSize: 30 }} data-testid="wallet-balance">
                {data ? yuan(data.wallet.balance) : ''}
              </span>
            )}
          />
          <div>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 6 }}>
              {l(
                '充值（演示环境使用沙箱支付，不产生真实扣款）',
                'Top up (the demo pays in a sandbox: no real money moves)',
              )}
            </Typography.Paragraph>
            <TopUpForm />
          </div>
        </div>
      </Card>
      <Card title={l('账单', 'Statement')} styles={{ body: { padding: narrow ? '0 12px' : 0 } }}>
        {narrow ? (
          <List<StatementLine>
            loading={wallet.loading}
            dataSource={data?.statement.items ?? []}
            locale={{ emptyText: l('还没有账单', 'Nothing here yet') }}
            pagination={
              (data?.statement.total ?? 0) > PAGE && {
                current: page,
                pageSize: PAGE,
                total: data?.statement.total ?? 0,
                size: 'small',
                onChange: setPage,
              }
            }
            renderItem={(r) => (
              <List.Item data-testid="statement-row" className="statement-item">
                <div style={{ minWidth: 0 }}>
                  <div>{kindOf(r)}</div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {dayjs(r.createdAt).format('YYYY-MM-DD HH:mm')}
                  </Typography.Text>
                </div>
                <div style={{ textAlign: 'end' }}>
                  <div>{change(r.change)}</div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }} className="num">
                    {l(`余额 ${yuan(r.balanceAfter)}`, `Balance ${yuan(r.balanceAfter)}`)}
                  </Typography.Text>
                </div>
              </List.Item>
            )}
          />
        ) : (
          <Table<StatementLine>
            rowKey="entryId"
            loading={wallet.loading}
            dataSource={data?.statement.items ?? []}
            onRow={() => ({ 'data-testid': 'statement-row' }) as React.HTMLAttributes<HTMLElement>}
            pagination={{
              current: page,
              pageSize: PAGE,
              total: data?.statement.total ?? 0,
              showSizeChanger: false,
              hideOnSinglePage: true,
              onChange: setPage,
            }}
            locale={{ emptyText: l('还没有账单', 'Nothing here yet') }}
            columns={[
              {
                title: l('时间', 'When'),
                dataIndex: 'createdAt',
                width: 170,
                render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm'),
              },
              {
                title: l('类型', 'What'),
                dataIndex: 'kind',
                render: (_: string, r) => kindOf(r),
              },
              {
                title: l('金额', 'Amount'),
                dataIndex: 'change',
                align: 'right',
                width: 140,
                render: (v: number) => change(v),
              },
              {
                title: l('余额', 'Balance'),
                dataIndex: 'balanceAfter',
                align: 'right',
                width: 140,
                render: (v: number) => <span className="num">{yuan(v)}</span>,
              },
            ]}
          />
        )}
      </Card>
    </div>
  );
}

export function WalletPage() {
  return (
    <RequireRole allow="consumer">
      <Wallet />
    </RequireRole>
  );
}

export default WalletPage;
