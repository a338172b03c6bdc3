import { Alert, Form, Input, Modal } from 'antd';
import { useEffect, useState } from 'react';
import { useI18n } from '../../app/i18n';
import { type TicketVoucher, ticketsConsoleApi } from './api';
import { useTicketFailure } from './shared';

/**
 * 作废优惠码: the modal is the confirmation and says what happens (no new use; holds made with it
 * keep their seats until they expire; kept seats go back). The reason is optional and audited.
 */
export function RevokeVoucherModal({
  voucher,
  onClose,
  onDone,
}: {
  voucher: TicketVoucher | null;
  onClose(): void;
  onDone(v: TicketVoucher): void;
}) {
  const { t } = useI18n();
  const fail = useTicketFailure();
  const [form] = Form.useForm<{ reason?: string }>();
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (voucher) form.resetFields();
  }, [voucher, form]);

  const submit = async ({ reason }: { reason?: string }) => {
    if (!voucher) return;
    setSaving(true);
    try {
      onDone(await ticketsConsoleApi.revokeVoucher(voucher.id, (reason ?? '').trim()));
    } catch (e) {
      fail(e, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={voucher !== null}
      title={t('tcon.voucher.revokeTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('tcon.voucher.revokeConfirm')}
      cancelText={t('tcon.voucher.revokeKeep')}
      okButtonProps={{ danger: true, loading: saving, 'data-testid': 'revoke-confirm' } as never}
      destroyOnHidden
    >
      {voucher && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={
            <span>
              <code translate="no">{voucher.code}</code> {t('tcon.voucher.revokeWarning')}
            </span>
          }
        />
      )}
      <Form form={form} layout="vertical" onFinish={submit} data-testid="revoke-form">
        <Form.Item
          name="reason"
          label={t('tcon.voucher.revokeReason')}
          extra={t('tcon.voucher.revokeReasonHint')}
          rules={[{ max: 500, message: t('tcon.max500') }]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount data-testid="revoke-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
