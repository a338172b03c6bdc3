import { Alert, Form, Input, Modal } from 'antd';
import { useEffect, useState } from 'react';
import { useI18n } from '../../app/i18n';
import { yuan } from '../../app/money';
import { type Ticket, ticketsConsoleApi } from './api';
import { useTicketFailure } from './shared';

/**
 * Cancels (a paid one: refunds) an attendee's ticket. The reason is required and goes into the
 * audit log with the organizer's name; the modal is the confirmation: it says what will happen.
 */
export function CancelTicketModal({
  ticket,
  typeName,
  onClose,
  onDone,
}: {
  ticket: Ticket | null;
  typeName: string;
  onClose(): void;
  onDone(t: Ticket): void;
}) {
  const { t } = useI18n();
  const fail = useTicketFailure();
  const [form] = Form.useForm<{ reason: string }>();
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (ticket) form.resetFields();
  }, [ticket, form]);

  const submit = async ({ reason }: { reason: string }) => {
    if (!ticket) return;
    setSaving(true);
    try {
      onDone(await ticketsConsoleApi.cancelTicket(ticket.id, reason.trim()));
    } catch (e) {
      fail(e, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={ticket !== null}
      title={ticket && ticket.price > 0 ? t('tcon.order.refundTitle') : t('tcon.order.cancelTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('tcon.order.confirmCancel')}
      cancelText={t('tcon.order.keep')}
      okButtonProps={{ danger: true, loading: saving, 'data-testid': 'cancel-confirm' } as never}
      destroyOnHidden
    >
      {ticket && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={
            <span>
              {ticket.price > 0
                ? t('tcon.order.refundWarning', { amount: yuan(ticket.price), type: typeName })
                : t('tcon.order.cancelWarning', { type: typeName })}{' '}
              <b data-user-content>{ticket.attendeeName}</b>
            </span>
          }
        />
      )}
      <Form form={form} layout="vertical" onFinish={submit} data-testid="cancel-form">
        <Form.Item
          name="reason"
          label={t('tcon.order.reason')}
          extra={t('tcon.order.reasonHint')}
          rules={[
            { required: true, whitespace: true, message: t('tcon.order.reasonRequired') },
            { max: 500, message: t('tcon.max500') },
          ]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount data-testid="cancel-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
