import { escapeHtml } from '../../../platform/http/html';
import type { SandboxCharge } from './store';

/**
 * The sandbox gateway's hosted page, server-rendered and bilingual (zh first). It runs under a
 * strict Content-Security-Policy: no script at all, no inline style (the stylesheet is a file of
 * its own), and a plain <form method="post"> carrying the page's one-time token.
 */
export const SANDBOX_CSS = `
body{font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;background:#f5f5f5;margin:0;color:#222}
main{max-width:420px;margin:48px auto;background:#fff;border-radius:12px;padding:28px;box-shadow:0 2px 12px rgba(0,0,0,.08)}
h1{font-size:20px;margin:0 0 4px}.en{color:#888;font-size:13px}
.badge{display:inline-block;background:#fff7e6;color:#d46b08;border:1px solid #ffd591;border-radius:4px;padding:2px 8px;font-size:12px;margin-bottom:16px}
.amount{font-size:36px;font-weight:600;color:#ff5000;margin:16px 0}
dl{display:grid;grid-template-columns:auto 1fr;gap:6px 12px;font-size:14px}dt{color:#888}dd{margin:0;word-break:break-all}
.actions{display:flex;gap:12px;margin-top:24px}
button{flex:1;font-size:16px;padding:12px;border-radius:8px;border:1px solid #d9d9d9;background:#fff;cursor:pointer}
button.pay{background:#ff5000;border-color:#ff5000;color:#fff}
a{color:#ff5000}
`;

const money = (fen: number, currency: string) =>
  `${currency === 'CNY' ? '¥' : `${currency} `}${Math.floor(fen / 100).toLocaleString('en-US')}.${String(fen % 100).padStart(2, '0')}`;

function layout(title: string, content: string): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title><link rel="stylesheet" href="/sandbox-gateway/sandbox.css"></head>
<body><main>${content}</main></body></html>`;
}

export function checkoutPage(charge: SandboxCharge, token: string): string {
  const action = `/sandbox-gateway/checkout/${encodeURIComponent(charge.id)}`;
  return layout(
    '沙箱支付 · Sandbox payment',
    `<span class="badge">沙箱环境，不产生真实扣款 · Sandbox: no real money moves</span>
<h1>Carnival 沙箱支付</h1><div class="en">Carnival sandbox payment</div>
<div class="amount" data-testid="sandbox-amount">${escapeHtml(money(charge.amount, charge.currency))}</div>
<dl><dt>订单 Reference</dt><dd>${escapeHtml(charge.reference)}</dd><dt>交易号 Charge</dt><dd>${escapeHtml(charge.id)}</dd></dl>
<form method="post" action="${escapeHtml(action)}">
<input type="hidden" name="token" value="${escapeHtml(token)}">
<div class="actions">
<button type="submit" name="action" value="cancel" data-testid="sandbox-cancel">取消 Cancel</button>
<button type="submit" name="action" value="pay" class="pay" data-testid="sandbox-pay">支付 Pay</button>
</div></form>`,
  );
}

/** The page for a charge that can no longer be paid (paid, cancelled, expired, or the form was stale). */
export function closedPage(
  charge: SandboxCharge | undefined,
  reason: 'unknown' | 'closed' | 'stale',
): string {
  const text = {
    unknown: ['找不到这笔交易', 'No such charge'],
    closed: ['这笔交易已结束', 'This charge is closed'],
    stale: ['页面已过期，请刷新后重试', 'This page has expired: reload it and try again'],
  }[reason];
  const back = charge
    ? `<p><a href="${escapeHtml(charge.return_url)}">返回商户 · Back to the shop</a></p>`
    : '';
  return layout('沙箱支付 · Sandbox payment', `<h1>${text[0]}</h1><div class="en">${text[1]}</div>${back}`);
}
