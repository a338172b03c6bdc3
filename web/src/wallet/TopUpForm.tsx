import { App, Button, Input, Space } from 'antd';
import { useRef, useState } from 'react';
import { Intent, isApiError, walletApi } from '../api';
import { fenToInput, parseYuan, useText, yuan } from '../merchant/format';

/**
 * The demo top-up. One Idempotency-Key per top-up: a double click or a retry after a network
 * error adds the money once; after a success the next top-up is a new one.
 */
export function TopUpForm({ initial, onDone }: { initial?: number; onDone?: (balance: number) => void }) {
  const { l } = useText();
  const { message } = App.useApp();
  const [text, setText] = useState(initial ? fenToInput(initial) : '100.00');
  const [busy, setBusy] = useState(false);
  const intent = useRef(new Intent());
  const amount = parseYuan(text);
  const valid = amount !== null && amount > 0;

  const submit = async () => {
    if (!valid || busy) return;
    setBusy(true);
    try {
      const r = await intent.current.run((key) => walletApi.topUp(key, amount));
      intent.current.renew();
      message.success(l(`已充值 ${yuan(amount)}`, `Topped up ${yuan(amount)}`));
      onDone?.(r.balance);
    } catch (e) {
      message.error(isApiError(e) ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space.Compact style={{ maxWidth: 320 }}>
      <Input
        prefix="¥"
        value={text}
        status={text && !valid ? 'error' : undefined}
        onChange={(e) => setText(e.target.value)}
        onPressEnter={submit}
        data-testid="topup-amount"
        aria-label={l('充值金额', 'Top-up amount')}
      />
      <Button type="primary" loading={busy} disabled={!valid} onClick={submit} data-testid="topup-submit">
        {l('充值', 'Top up')}
      </Button>
    </Space.Compact>
  );
}
