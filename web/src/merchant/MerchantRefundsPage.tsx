import { Alert, App, Button, Card, Input, Modal, Segmented, Select, Space, Table, Typography } from 'antd';
import { useCallback, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Intent, merchantOrdersApi, type RefundStatus, type StoreRefund } from '../api';
import { useI18n } from '../app/i18n';
import { dayjs } from '../app/time';
import { useAsync } from '../app/useAsync';
import { errorText } from '../app/useServerErrors';
import { RefundStatusTag } from '../orders/labels';
import { RequireRole } from '../orders/RequireRole';
import { merchantApi } from './api';
import { orderNo, useText, yuan } from './format';
import { StoreSelect } from './StoreSelect';
import '../orders/orders.css';

const STATUSES: RefundStatus[] = ['requested', 'approved', 'rejected'];
/** Why a merchant refuses a refund: picked from a list (and, for 其他, said in words). */
const REJECT_REASONS = ['shipped', 'used', 'custom', 'evidence', 'other'] as const;
type RejectReason = (typeof REJECT_REASONS)[number];

type Refund = StoreRefund;

/**
 * 退款: the refund requests of one store or of every store you work in (each with its item and
 * SKU attributes) with the amount the server computed and its parts (taken back
 * from the store, and the platform's subsidy share); approve (Idempotency-Key) or reject with a reason.
 */
function MerchantRefunds() {
  const { t } = useI18n();
  const { l } = useText();
  const { message, modal } = App.useApp();
  const [params, setParams] = useSearchParams();
  const storeId = params.get('store') ?? undefined;
  const status = (params.get('status') as RefundStatus | null) ?? 'requested';
  const stores = useAsync(() => merchantApi.stores(), []);
  // Without a store: every store you are a member of.
  const refunds = useAsync(() => merchantOrdersApi.refunds(storeId, status), [storeId, status]);
  const [busy, setBusy] = useState<string | null>(null);
  const [rejecting, setRejecting] = useState<Refund | null>(null);
  const [reasonCode, setReasonCode] = useState<RejectReason | undefined>();
  const [note, setNote] = useState('');
  // The customer reads the picked reason in the merchant's words, with the note after it.
  const reason = reasonCode
    ? reasonCode === 'other'
      ? note.trim()
      : [t(`merchant.refunds.reasons.${reasonCode}`), note.trim()].filter(Boolean).join('：')
    : '';
  const intents = useRef(new Map<string, Intent>());
  const onStore = useCallback(
    (v: string | undefined) =>
      setParams((p) => {
        const next = Object.fromEntries(p);
        if (v) next.store = v;
        else delete next.store;
        return next;
      }),
    [setParams],
  );
  const attributesOf = (r: Refund) =>
    Object.entries(r.line.attributes)
      .map(([k, v]) => `${k}: ${v}`)
      .join('；');

  const approve = async (r: Refund) => {
    const intent = intents.current.get(r.id) ?? new Intent();
    intents.current.set(r.id, intent);
    setBusy(r.id);
    try {
      const done = await intent.run((key) => merchantOrdersApi.approve(key, r.id));
      message.success(l(`已退款 ${yuan(done.amount)}`, `Refunded ${yuan(done.amount)}`));
      refunds.reload();
    } catch (e) {
      message.error(errorText(t, e));
      refunds.reload();
    } finally {
      setBusy(null);
    }
  };

  const reject = async () => {
    if (!rejecting || !reason.trim()) return;
    setBusy(rejecting.id);
    try {
      await merchantOrdersApi.reject(rejecting.id, reason.trim());
      message.success(l('已拒绝', 'Rejected'));
      setRejecting(null);
      setReasonCode(undefined);
      setNote('');
      refunds.reload();
    } catch (e) {
      message.error(errorText(t, e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <div data-testid="merchant-refunds-page">
      <Typography.Title level={2}>{t('nav.merchantRefunds')}</Typography.Title>
      <Card style={{ marginBottom: 16 }}>
        <Space wrap>
          <StoreSelect stores={stores.data ?? []} value={storeId || undefined} onChange={onStore} />
          <Segmented
            value={status}
            options={STATUSES.map((s) => ({ value: s, label: t(`refund.status.${s}`) }))}
            onChange={(v) => setParams((p) => ({ ...Object.fromEntries(p), status: String(v) }))}
          />
        </Space>
      </Card>
      {refunds.error ? (
        <Alert type="error" showIcon title={errorText(t, refunds.error)} />
      ) : (
        <Card styles={{ body: { padding: 0 } }}>
          <Table<Refund>
            rowKey="id"
            loading={refunds.loading}
            dataSource={refunds.data ?? []}
            pagination={false}
            onRow={(r) =>
              ({ 'data-testid': 'merchant-refund', 'data-refund': r.id }) as React.HTMLAttributes<HTMLElement>
            }
            locale={{ emptyText: l('没有退款申请', 'No refund requests') }}
            columns={[
              {
                title: l('退款申请', 'Request'),
                key: 'what',
                render: (_, r) => (
                  <div>
                    <div data-testid="refund-line-title">
                      {r.line.title}
                      {r.quantity > 0 ? ` ×${r.quantity}` : ` · ${l('仅退款', 'amount only')}`}
                    </div>
                    {attributesOf(r) && (
                      <Typography.Text
                        type="secondary"
                        style={{ fontSize: 12, display: 'block' }}
                        data-testid="refund-line-attributes"
                      >
                        {attributesOf(r)}
                      </Typography.Text>
                    )}
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {!storeId && r.storeName ? `${r.storeName} · ` : ''}
                      {l('订单号', 'Order no.')} <span translate="no">{orderNo(r.orderId)}</span> ·{' '}
                      {dayjs(r.createdAt).format('MM-DD HH:mm')} · {/* the shopper's own words */}
                      <span data-user-content>{r.reason}</span>
                    </Typography.Text>
                  </div>
                ),
              },
              {
                title: l('退款金额', 'Amount'),
                key: 'amount',
                align: 'right',
                width: 120,
                render: (_, r) => (
                  <span className="shop-price num" data-testid="refund-amount">
                    {yuan(r.amount)}
                  </span>
                ),
              },
              {
                title: l('本店扣回 / 平台收回', 'From store / platform'),
                key: 'parts',
                align: 'right',
                width: 190,
                render: (_, r) => (
                  <span className="num">
                    {yuan(r.merchantPart)} / {yuan(r.platformPart)}
                  </span>
                ),
              },
              {
                title: l('状态', 'Status'),
                key: 'status',
                width: 140,
                render: (_, r) => (
                  <>
                    <RefundStatusTag status={r.status} />
                    {r.decisionReason && (
                      <Typography.Text type="secondary">{r.decisionReason}</Typography.Text>
                    )}
                  </>
                ),
              },
              {
                title: l('操作', 'Actions'),
                key: 'actions',
                width: 170,
                render: (_, r) =>
                  r.status === 'requested' && (
                    <Space>
                      <Button
                        size="small"
                        type="primary"
                        loading={busy === r.id}
                        onClick={() =>
                          modal.confirm({
                            title: t('merchant.refunds.approveConfirm', { amount: yuan(r.amount) }),
                            okText: t('merchant.form.confirm'),
                            cancelText: t('merchant.form.cancel'),
                            okButtonProps: { 'data-testid': 'refund-approve-confirm' },
                            onOk: () => approve(r),
                          })
                        }
                        data-testid="refund-approve"
                      >
                        {l('同意', 'Approve')}
                      </Button>
                      <Button size="small" danger onClick={() => setRejecting(r)} data-testid="refund-reject">
                        {l('拒绝', 'Reject')}
                      </Button>
                    </Space>
                  ),
              },
            ]}
          />
        </Card>
      )}
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, fontSize: 12 }}>
        {l(
          '退款金额 = 从本店应结算款扣回的净额 − 平台收回的补贴（平台券、购物津贴分摊到这部分的金额）。',
          'Refund = what is taken back from the store’s payable − the platform subsidy it takes back (its coupons and allowance on these units).',
        )}
      </Typography.Paragraph>
      <Modal
        open={!!rejecting}
        title={l('拒绝退款', 'Reject the refund')}
        okText={l('拒绝', 'Reject')}
        okButtonProps={{ danger: true, disabled: !reason.trim(), 'data-testid': 'reject-submit' }}
        confirmLoading={busy === rejecting?.id}
        onOk={reject}
        onCancel={() => setRejecting(null)}
      >
        <Space direction="vertical" style={{ width: '100%' }}>
          <Select<RejectReason>
            style={{ width: '100%' }}
            placeholder={t('merchant.refunds.reasonPick')}
            value={reasonCode}
            onChange={setReasonCode}
            data-testid="reject-reason"
            options={REJECT_REASONS.map((r) => ({ value: r, label: t(`merchant.refunds.reasons.${r}`) }))}
          />
          <Input.TextArea
            rows={2}
            maxLength={500}
            placeholder={t('merchant.refunds.reasonOther')}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            data-testid="reject-note"
          />
        </Space>
      </Modal>
    </div>
  );
}

export function MerchantRefundsPage() {
  return (
    <RequireRole allow="merchant">
      <MerchantRefunds />
    </RequireRole>
  );
}

export default MerchantRefundsPage;
