import { Alert } from 'antd';
import { useEffect, useState } from 'react';
import { isApiError, type TopUp, walletApi } from '../api';
import { useText, yuan } from '../merchant/format';

const DONE: TopUp['status'][] = ['succeeded', 'failed', 'expired', 'refunded'];

/**
 * Back from the gateway's page (/wallet?topUp=<id>): the payment is confirmed by the gateway's
 * notification, which may arrive a moment after the browser does, so poll until the top-up settles.
 */
export function TopUpStatus({ id, onSettled }: { id: string; onSettled: () => void }) {
  const { l } = useText();
  const [topUp, setTopUp] = useState<TopUp | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let tries = 0;
    const poll = async () => {
      try {
        const { topUp: current } = await walletApi.getTopUp(id);
        if (stopped) return;
        setTopUp(current);
        if (DONE.includes(current.status)) {
          onSettled();
          return;
        }
      } catch (e) {
        if (stopped) return;
        setError(isApiError(e) ? e.message : String(e));
        return;
      }
      // 1 s for the first minute, then every 5 s: a gateway retries its notification for hours.
      timer = setTimeout(poll, ++tries < 60 ? 1000 : 5000);
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [id, onSettled]);

  if (error)
    return <Alert type="error" showIcon title={error} data-testid="topup-status" data-status="error" />;
  const status = topUp?.status ?? 'pending';
  const amount = topUp ? yuan(topUp.amount) : '';
  const [type, text] =
    status === 'succeeded'
      ? (['success', l(`充值成功：${amount} 已到账`, `Topped up: ${amount} is in your wallet`)] as const)
      : status === 'failed'
        ? (['warning', l('支付已取消，未扣款', 'The payment was cancelled; nothing was charged')] as const)
        : status === 'expired'
          ? (['warning', l('支付超时，充值已关闭', 'The payment timed out; this top-up is closed')] as const)
          : status === 'refunded' || status === 'refunding'
            ? (['info', l(`已退回 ${amount}`, `${amount} was sent back`)] as const)
            : (['info', l('正在等待支付平台确认…', 'Waiting for the payment gateway to confirm…')] as const);
  return (
    <Alert
      style={{ marginBottom: 16 }}
      type={type}
      showIcon
      title={text}
      data-testid="topup-status"
      data-status={status}
    />
  );
}
