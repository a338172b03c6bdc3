/** Order timelines written for people: no ids, no fen formulas, no English in zh-CN (issue 9 item 6). */
import { describe, expect, it } from 'vitest';
import { eventReasonText } from '../../web/src/orders/event-reason';

describe('order event reasons', () => {
  it('drops the id the server prefixes a refund reason with', () => {
    expect(eventReasonText('ref_01JABCDEFGHJK: 尺码不合适', true)).toBe('尺码不合适');
  });
  it('writes price protection as money, not as a formula of fen', () => {
    expect(eventReasonText('ppc_01JABCDEFGHJK: 1 x (9900 - 8900)', true)).toBe(
      '补差 ¥10.00（1 件，¥99.00 → ¥89.00）',
    );
    expect(eventReasonText('ppc_01JABCDEFGHJK: 2 x (9900 - 8900)', false)).toBe(
      '¥20.00 back (2 × ¥99.00 → ¥89.00)',
    );
  });
  it('names the system reasons in the reader’s language', () => {
    expect(eventReasonText('payment_timeout', true)).toBe('超时未付款，订单自动关闭');
    expect(eventReasonText('every line refunded', true)).toBe('全部商品已退款');
    expect(eventReasonText('cancelled before shipping: changed my mind', true)).toBe('发货前取消：不想要了');
    expect(eventReasonText('full', false)).toBe('in full');
  });
  it('shows what a person typed as typed, and nothing for no reason', () => {
    expect(eventReasonText('颜色和图片不符', true)).toBe('颜色和图片不符');
    expect(eventReasonText(null, true)).toBeNull();
  });
});
