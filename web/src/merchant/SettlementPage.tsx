import { CheckCircleFilled, WarningFilled } from '@ant-design/icons';
import { Alert, Card, Select, Space, Table, Tooltip, Typography } from 'antd';
import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';
import { isApiError, merchantOrdersApi, type Settlement } from '../api';
import { useI18n } from '../app/i18n';
import { useAsync } from '../app/useAsync';
import { RequireRole } from '../orders/RequireRole';
import { merchantApi } from './api';
import { useText, yuan } from './format';
import '../orders/orders.css';

type Row = Settlement & { storeName: string };

/**
 * 结算: per store, for one festival — gross sales, store- and platform-funded discounts, refunds,
 * price protection, the net payable, and whether it ties out to the ledger to the fen.
 */
function Settlements() {
  const { t, pick } = useI18n();
  const { l } = useText();
  const [params, setParams] = useSearchParams();
  // The campaigns your stores sold in or were approved for (newest first).
  const campaigns = useAsync(() => merchantOrdersApi.campaigns(), []);
  const campaignId =
    params.get('campaign') ?? campaigns.data?.find((c) => c.orders > 0)?.id ?? campaigns.data?.[0]?.id;
  const setCampaign = useCallback((v: string) => setParams({ campaign: v }), [setParams]);
  // Every store you work in, in one request, with totals.
  const result = useAsync(async () => {
    if (!campaignId) return null;
    const [settled, stores] = await Promise.all([
      merchantOrdersApi.settlements(campaignId),
      merchantApi.stores(),
    ]);
    const name = (id: string) => stores.find((s) => s.id === id)?.name ?? id;
    return {
      ...settled,
      // Stores that sold nothing in this festival and have nothing on the books for it are left out.
      rows: settled.items
        .filter((x) => x.orders > 0 || x.ledger.merchantPayable !== 0)
        .map((x): Row => ({ ...x, storeName: name(x.storeId) })),
    };
  }, [campaignId]);
  const rows = { ...result, data: result.data?.rows };
  const totals = result.data?.totals;

  const money = (key: keyof Settlement, title: string, sign = '') => ({
    title,
    key,
    align: 'right' as const,
    render: (_: unknown, r: Row) => (
      <span className="num">
        {sign}
        {yuan(r[key] as number)}
      </span>
    ),
  });

  return (
    <div data-testid="settlement-page">
      <Typography.Title level={2}>{t('nav.settlements')}</Typography.Title>
      <Card style={{ marginBottom: 16 }}>
        <Space wrap>
          <Select
            data-testid="settlement-campaign"
            style={{ minWidth: 300 }}
            loading={campaigns.loading}
            value={campaignId}
            options={(campaigns.data ?? []).map((c) => ({
              value: c.id,
              label: `${pick(c.title)}${c.orders > 0 ? l(` · ${c.orders} 笔订单`, ` · ${c.orders} order(s)`) : ''}`,
            }))}
            onChange={setCampaign}
            notFoundContent={l('你的店铺还没有参加活动', 'Your stores are in no campaign yet')}
          />
          {totals && (rows.data?.length ?? 0) > 1 && (
            <Typography.Text data-testid="settlement-totals">
              {l('合计应结算', 'Total net payable')}{' '}
              <strong className="num">{yuan(totals.netPayable)}</strong>
              {result.data?.tiesOut ? (
                <Typography.Text type="success">
                  {' '}
                  <CheckCircleFilled />
                </Typography.Text>
              ) : (
                <Typography.Text type="danger">
                  {' '}
                  <WarningFilled />
                </Typography.Text>
              )}
            </Typography.Text>
          )}
        </Space>
      </Card>
      {rows.error ? (
        <Alert
          type="error"
          showIcon
          title={isApiError(rows.error) ? rows.error.message : String(rows.error)}
        />
      ) : (
        <Card styles={{ body: { padding: 0 } }}>
          <Table<Row>
            rowKey="storeId"
            loading={rows.loading}
            dataSource={rows.data ?? []}
            pagination={false}
            scroll={{ x: 1000 }}
            onRow={(r) =>
              ({
                'data-testid': 'settlement-row',
                'data-store': r.storeId,
              }) as React.HTMLAttributes<HTMLElement>
            }
            locale={{ emptyText: l('这个活动还没有结算数据', 'Nothing to settle for this festival yet') }}
            columns={[
              {
                title: l('店铺', 'Store'),
                key: 'store',
                fixed: 'left',
                render: (_, r) => (
                  <div>
                    {r.storeName}
                    <div>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {l(`${r.orders} 笔订单`, `${r.orders} order(s)`)}
                      </Typography.Text>
                    </div>
                  </div>
                ),
              },
              money('gross', l('销售额（原价）', 'Gross (list)')),
              money('merchantFunded', l('商家出资优惠', 'Store-funded'), '−'),
              money('platformFunded', l('平台出资优惠', 'Platform-funded')),
              {
                title: l('退款', 'Refunds'),
                key: 'refunds',
                align: 'right',
                render: (_, r) => (
                  <Tooltip
                    title={l(
                      `${r.refunds.count} 笔，退给顾客 ${yuan(r.refunds.amount)}，平台收回补贴 ${yuan(r.refunds.platformPart)}`,
                      `${r.refunds.count}; ${yuan(r.refunds.amount)} to customers, ${yuan(r.refunds.platformPart)} platform subsidy back`,
                    )}
                  >
                    <span className="num">−{yuan(r.refunds.merchantPart)}</span>
                  </Tooltip>
                ),
              },
              {
                title: l('价保', 'Price protection'),
                key: 'pp',
                align: 'right',
                render: (_, r) => <span className="num">−{yuan(r.priceProtection.amount)}</span>,
              },
              {
                title: l('公益捐赠', 'Donations'),
                key: 'donations',
                align: 'right',
                render: (_, r) => <span className="num">−{yuan(r.donations.amount)}</span>,
              },
              money('forfeitedDeposits', l('没收定金', 'Forfeited deposits'), '+'),
              {
                title: l('应结算', 'Net payable'),
                key: 'net',
                align: 'right',
                render: (_, r) => (
                  <strong className="num" data-testid="settlement-net">
                    {yuan(r.netPayable)}
                  </strong>
                ),
              },
              {
                title: l('对账', 'Ledger'),
                key: 'ties',
                render: (_, r) =>
                  r.tiesOut ? (
                    <Typography.Text type="success" data-testid="settlement-ties-out" data-ok="true">
                      <CheckCircleFilled /> {l('一致', 'Ties out')}
                    </Typography.Text>
                  ) : (
                    <Tooltip
                      title={l(
                        `账本：${yuan(r.ledger.merchantPayable)}`,
                        `Ledger: ${yuan(r.ledger.merchantPayable)}`,
                      )}
                    >
                      <Typography.Text type="danger" data-testid="settlement-ties-out" data-ok="false">
                        <WarningFilled /> {l('不一致', 'Mismatch')}
                      </Typography.Text>
                    </Tooltip>
                  ),
              },
            ]}
          />
        </Card>
      )}
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, fontSize: 12 }}>
        {l(
          '应结算 = 销售额 − 商家出资优惠 − 退款（本店扣回部分）− 价保 + 没收定金；平台出资的优惠由平台承担，不影响应结算。',
          'Net payable = gross − store-funded discounts − refunds (the store’s part) − price protection + forfeited deposits. Platform-funded discounts are paid by the platform.',
        )}
      </Typography.Paragraph>
    </div>
  );
}

export function SettlementPage() {
  return (
    <RequireRole allow="merchant">
      <Settlements />
    </RequireRole>
  );
}

export default SettlementPage;
