import { yuan } from '../app/money';

/**
 * An order event's reason written for people. The server records reasons for its audit trail
 * (`ref_…: 尺码不合适`, `ppc_…: 1 x (9900 - 8900)`, `payment_timeout`); the timeline shows the
 * words (尺码不合适; 补差 ¥10.00（1 件，¥99.00 → ¥89.00）; 超时未付款), never an id or a formula.
 * A reason a person typed is shown as typed.
 */
const CODES: Record<string, [string, string]> = {
  full: ['全款', 'in full'],
  deposit: ['定金', 'deposit'],
  balance: ['尾款', 'balance'],
  payment_timeout: ['超时未付款，订单自动关闭', 'Not paid in time; closed automatically'],
  cancelled_by_customer: ['顾客取消', 'Cancelled by the customer'],
  balance_timeout: ['尾款未按时支付', 'Balance not paid in time'],
  'every line refunded': ['全部商品已退款', 'Every item refunded'],
  'changed my mind': ['不想要了', 'Changed my mind'],
};

const ID_PREFIX = /^[a-z]{2,4}_[0-9A-Za-z]{6,}:\s*/;
const PRICE_PROTECTION = /^(\d+) x \((\d+) - (\d+)\)$/;

export function eventReasonText(reason: string | null, zh: boolean): string | null {
  if (!reason) return null;
  const pick = (pair: [string, string]) => pair[zh ? 0 : 1];
  const known = CODES[reason];
  if (known) return pick(known);
  const text = reason.replace(ID_PREFIX, '');
  const pp = PRICE_PROTECTION.exec(text);
  if (pp) {
    const [units, paid, now] = [Number(pp[1]), Number(pp[2]), Number(pp[3])];
    const total = yuan(units * (paid - now));
    return zh
      ? `补差 ${total}（${units} 件，${yuan(paid)} → ${yuan(now)}）`
      : `${total} back (${units} × ${yuan(paid)} → ${yuan(now)})`;
  }
  const cancelled = /^cancelled before shipping: (.*)$/.exec(text);
  if (cancelled) {
    const why = eventReasonText(cancelled[1] ?? '', zh) ?? '';
    return zh ? `发货前取消：${why}` : `Cancelled before shipping: ${why}`;
  }
  return CODES[text] ? pick(CODES[text]) : text;
}
