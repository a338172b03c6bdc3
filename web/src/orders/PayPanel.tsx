import { Alert, App, Button, Descriptions, Space, Typography } from 'antd';
import { useRef, useState } from 'react';
import { type ApiError, Intent, isApiError, type Order, ordersApi, walletApi } from '../api';
import { useI18n } from '../app/i18n';
import { dayjs } from '../app/time';
import { useAsync } from '../app/useAsync';
import { errorText } from '../app/useServerErrors';
import { useText, yuan } from '../merchant/format';
import { TopUpForm } from '../wallet/TopUpForm';

/**
 * Pays what an order owes now (the total, or a pre-sale's deposit or balance) from the wallet.
 * The key is made when the panel opens and reused on a retry; INSUFFICIENT_FUNDS offers a top-up
 * of the shortfall right here.
 */
export function PayPanel({ order, onPaid }: { order: Order; onPaid: (order: Order) => void }) {
  const { l } = useText();
  const { t } = useI18n();
  const { message } = App.useApp();
  const intent = useRef(new Intent());
  const wallet = useAsync(() => walletApi.get({ limit: 1 }), []);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const balance = wallet.data?.wallet.balance;
  const presale = order.presale;
  const kind =
    presale && order.status === 'created'
      ? l('定金', 'Deposit')
      : presale
        ? l('尾款', 'Balance')
        : l('订单金额', 'Order total');

  const pay = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const r = await intent.current.run((key) => ordersApi.pay(key, order.id));
      // No payment when nothing was due (an order the allowance and coupons paid in full).
      const paid = r.payment?.amount ?? 0;
      message.success(l(`已支付 ${yuan(paid)}`, `Paid ${yuan(paid)}`));
      onPaid(r.order);
    } catch (e) {
      if (isApiError(e)) setError(e);
      else message.error(errorText(t, e));
      wallet.reload();
    } finally {
      setBusy(false);
    }
  };

  const short = error?.code === 'INSUFFICIENT_FUNDS' && balance !== undefined;
  const shortfall = short ? Math.max(order.amountDue - balance, 100) : 0;
  return (
    <div data-testid="pay-panel">
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label={kind}>
          <span className="shop-price num" data-testid="pay-amount">
            {yuan(order.amountDue)}
          </span>
        </Descriptions.Item>
        {presale && (
          <Descriptions.Item label={l('尾款', 'Balance')}>
            {yuan(presale.balanceTotal)}
            {presale.balanceDueFrom && presale.balanceDueUntil && (
              <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
                {l('支付时间', 'pay between')} {dayjs(presale.balanceDueFrom).format('MM-DD HH:mm')} –{' '}
                {dayjs(presale.balanceDueUntil).format('MM-DD HH:mm')}
              </Typography.Text>
            )}
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {presale.depositRule === 'forfeit'
                  ? l('逾期未付尾款，定金不退', 'The deposit is kept if the balance is not paid in time')
                  : l(
                      '逾期未付尾款，定金原路退回',
                      'The deposit is refunded if the balance is not paid in time',
                    )}
              </Typography.Text>
            </div>
          </Descriptions.Item>
        )}
        {order.status === 'created' && (
          <Descriptions.Item label={l('支付截止', 'Pay by')}>
            {dayjs(order.payBy).format('YYYY-MM-DD HH:mm')}
          </Descriptions.Item>
        )}
        <Descriptions.Item label={l('钱包余额', 'Wallet balance')}>
          <span className="num" data-testid="pay-wallet-balance">
            {balance === undefined ? '…' : yuan(balance)}
          </span>
        </Descriptions.Item>
      </Descriptions>
      {error && (
        <Alert
          style={{ marginTop: 12 }}
          type={short ? 'warning' : 'error'}
          showIcon
          data-testid="pay-error"
          data-code={error.code}
          title={
            short
              ? l(
                  `钱包余额不足，还差 ${yuan(Math.max(order.amountDue - balance, 0))}`,
                  `Not enough in your wallet: ${yuan(Math.max(order.amountDue - balance, 0))} short`,
                )
              : errorText(t, error)
          }
          description={
            short ? (
              <Space direction="vertical" style={{ marginTop: 8 }}>
                <span>{l('充值后再支付：', 'Top up, then pay:')}</span>
                <TopUpForm initial={shortfall} />
              </Space>
            ) : undefined
          }
        />
      )}
      <Button
        type="primary"
        size="large"
        block
        style={{ marginTop: 16 }}
        loading={busy}
        disabled={order.amountDue <= 0}
        onClick={pay}
        data-testid="pay-submit"
      >
        {l(`确认支付 ${yuan(order.amountDue)}`, `Pay ${yuan(order.amountDue)}`)}
      </Button>
    </div>
  );
}
