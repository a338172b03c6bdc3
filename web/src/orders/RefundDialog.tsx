import { Alert, App, Form, Input, InputNumber, Modal, Radio, Spin, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { Intent, isApiError, type OrderLine, ordersApi, type Refund, type RefundQuote } from '../api';
import { applyServerErrors } from '../app/form-errors';
import { errorText } from '../app/useServerErrors';
import { parseYuan, useText, yuan } from '../merchant/format';

interface Values {
  mode: 'quantity' | 'amount';
  quantity?: number;
  amount?: string;
  reason: string;
}

/**
 * What is left to refund on a line: money from the server (`line.refundable`, pending requests
 * and 价保 counted), units less what pending requests already ask for.
 */
export function refundableOf(line: OrderLine, refunds: Refund[]) {
  const pending = refunds.filter((r) => r.lineId === line.id && r.status === 'requested');
  const units = line.quantity - line.refundedQuantity - pending.reduce((s, r) => s + r.quantity, 0);
  return { units: Math.max(units, 0), amount: line.refundable };
}

/** The server's quote for what is asked (debounced); an error is the refusal the request would get. */
function useQuote(orderId: string, lineId: string, ask: { quantity?: number; amount?: number } | null) {
  const [state, setState] = useState<{ quote?: RefundQuote; error?: string; loading: boolean }>({
    loading: false,
  });
  const key = ask ? JSON.stringify(ask) : '';
  useEffect(() => {
    if (!key) {
      setState({ loading: false });
      return;
    }
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    const timer = setTimeout(() => {
      ordersApi
        .quoteRefund(orderId, { lineId, ...JSON.parse(key) })
        .then((quote) => live && setState({ quote, loading: false }))
        .catch((e) => live && setState({ error: isApiError(e) ? e.message : String(e), loading: false }));
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [orderId, lineId, key]);
  return state;
}

/**
 * 申请退款 of one line, by units or by an agreed amount, with a reason. The Idempotency-Key is
 * made when the dialog opens (it is mounted per opening), so a double submit asks once.
 */
export function RefundDialog({
  orderId,
  line,
  refunds,
  onClose,
  onDone,
}: {
  orderId: string;
  line: OrderLine;
  refunds: Refund[];
  onClose(): void;
  onDone(refund: Refund): void;
}) {
  const { l, t } = useText();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const intent = useRef(new Intent());
  const [busy, setBusy] = useState(false);
  const left = refundableOf(line, refunds);
  const mode = Form.useWatch('mode', form) ?? (left.units > 0 ? 'quantity' : 'amount');
  const quantity = Form.useWatch('quantity', form) ?? left.units;
  const amountText = Form.useWatch('amount', form);
  const asked = mode === 'amount' ? parseYuan(amountText) : null;
  // The exact amount, from the server: what the request would compute now.
  const quote = useQuote(
    orderId,
    line.id,
    left.amount === 0
      ? null
      : mode === 'amount'
        ? asked && asked > 0
          ? { amount: asked }
          : null
        : quantity > 0
          ? { quantity }
          : null,
  );
  const quoteText = quote.loading ? (
    <Spin size="small" />
  ) : quote.quote ? (
    <span data-testid="refund-quote">
      {l(`将退款 ${yuan(quote.quote.amount)}`, `${yuan(quote.quote.amount)} back`)}
    </span>
  ) : quote.error ? (
    <Typography.Text type="danger" data-testid="refund-quote-error">
      {quote.error}
    </Typography.Text>
  ) : null;

  const submit = async (v: Values) => {
    if (busy) return;
    const amount = v.mode === 'amount' ? parseYuan(v.amount) : null;
    if (v.mode === 'amount' && (amount === null || amount <= 0)) {
      form.setFields([
        { name: 'amount', errors: [l('请输入金额，如 12.50', 'Enter an amount, e.g. 12.50')] },
      ]);
      return;
    }
    setBusy(true);
    try {
      const input =
        v.mode === 'amount'
          ? { lineId: line.id, amount: amount!, reason: v.reason }
          : { lineId: line.id, quantity: v.quantity ?? left.units, reason: v.reason };
      const refund = await intent.current.run((key) => ordersApi.requestRefund(key, orderId, input));
      message.success(
        l(`已申请退款 ${yuan(refund.amount)}，等待商家处理`, `Refund of ${yuan(refund.amount)} requested`),
      );
      onDone(refund);
    } catch (e) {
      if (isApiError(e)) {
        const paths = applyServerErrors(form, e, t);
        if (paths.length === 0) message.error(errorText(t, e));
      } else message.error(errorText(t, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={l('申请退款', 'Request a refund')}
      okText={l('提交申请', 'Submit')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'refund-submit' }}
      destroyOnHidden
    >
      <Typography.Paragraph>
        <strong>{line.title}</strong> ×{line.quantity}
        <br />
        <Typography.Text type="secondary" data-testid="refundable">
          {l(
            `可退 ${left.units} 件，最多 ${yuan(left.amount)}`,
            `Up to ${left.units} unit(s), at most ${yuan(left.amount)}`,
          )}
        </Typography.Text>
      </Typography.Paragraph>
      {left.amount === 0 ? (
        <Alert
          type="info"
          showIcon
          title={l('这件商品已没有可退的金额', 'Nothing left to refund on this item')}
        />
      ) : (
        <Form<Values>
          form={form}
          layout="vertical"
          initialValues={{ mode: left.units > 0 ? 'quantity' : 'amount', quantity: left.units, reason: '' }}
          onFinish={submit}
        >
          <Form.Item name="mode" label={l('退款方式', 'Refund')}>
            <Radio.Group
              options={[
                {
                  value: 'quantity',
                  label: l('退货退款（按件）', 'Return items'),
                  disabled: left.units === 0,
                },
                { value: 'amount', label: l('仅退款（协商金额）', 'Agreed amount only') },
              ]}
            />
          </Form.Item>
          {mode === 'quantity' ? (
            <Form.Item
              name="quantity"
              label={l('件数', 'Units')}
              extra={quoteText}
              rules={[{ required: true, message: l('请填写件数', 'How many units?') }]}
            >
              <InputNumber min={1} max={left.units} precision={0} data-testid="refund-quantity" />
            </Form.Item>
          ) : (
            <Form.Item
              name="amount"
              label={l('退款金额', 'Amount')}
              extra={
                <>
                  {l(`不超过 ${yuan(left.amount)}`, `At most ${yuan(left.amount)}`)} {quoteText}
                </>
              }
              rules={[{ required: true, message: l('请填写金额', 'Enter an amount') }]}
            >
              <Input prefix="¥" style={{ width: 160 }} data-testid="refund-amount" />
            </Form.Item>
          )}
          <Form.Item
            name="reason"
            label={l('原因', 'Reason')}
            rules={[{ required: true, whitespace: true, message: l('请填写原因', 'Please give a reason') }]}
          >
            <Input.TextArea rows={2} maxLength={1000} data-testid="refund-reason" />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
