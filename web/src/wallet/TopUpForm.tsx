import { App, Button, Input, Space } from 'antd';
import { useRef, useState } from 'react';
import { Intent, walletApi } from '../api';
import { useI18n } from '../app/i18n';
import { useNarrow } from '../app/useNarrow';
import { errorText } from '../app/useServerErrors';
import { fenToInput, parseYuan, useText } from '../merchant/format';

/**
 * A top-up: creates it (one Idempotency-Key per top-up, so a double click is one top-up) and sends
 * the browser to the payment gateway's page (the sandbox on a demo install). The gateway sends it
 * back to /wallet?topUp=<id>, which waits for the gateway's confirmation; nothing is credited here.
 */
export function TopUpForm({ initial }: { initial?: number }) {
  const { l } = useText();
  const { t } = useI18n();
  // 40 px high on a phone, for a thumb.
  const narrow = useNarrow();
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
      const { topUp } = await intent.current.run((key) => walletApi.topUp(key, amount));
      intent.current.renew();
      if (!topUp.redirectUrl) throw new Error(l('支付网关暂不可用', 'The payment gateway is unavailable'));
      window.location.assign(topUp.redirectUrl);
    } catch (e) {
      message.error(errorText(t, e));
      setBusy(false);
    }
  };

  return (
    <Space.Compact style={{ maxWidth: 320 }} size={narrow ? 'large' : 'middle'}>
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
        {l('去支付', 'Pay to top up')}
      </Button>
    </Space.Compact>
  );
}
