import { Alert, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../app/i18n';
import { charityErrorText } from '../../charity/errors';
import { useText } from '../../merchant/format';

/** Asks for the reason an audited action needs, then runs it; a refusal stays in the dialog. */
export function ReasonModal({
  open,
  title,
  okText,
  danger,
  onCancel,
  onConfirm,
}: {
  open: boolean;
  title: string;
  okText: string;
  danger?: boolean;
  onCancel: () => void;
  onConfirm: (reason: string) => Promise<void>;
}) {
  const { t } = useI18n();
  const { l } = useText();
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <Modal
      open={open}
      title={title}
      okText={okText}
      okButtonProps={{ danger, loading: busy, 'data-testid': 'reason-ok' }}
      onCancel={() => {
        setError(null);
        onCancel();
      }}
      destroyOnHidden
      onOk={async () => {
        const { reason } = await form.validateFields();
        setBusy(true);
        setError(null);
        try {
          await onConfirm(reason.trim());
          form.resetFields();
        } catch (e) {
          setError(charityErrorText(t, e));
        } finally {
          setBusy(false);
        }
      }}
    >
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="reason"
          label={l('原因（记入审计日志）', 'Reason (kept in the audit trail)')}
          rules={[{ required: true, whitespace: true, message: l('请填写原因', 'Give a reason') }]}
        >
          <Input.TextArea rows={3} maxLength={500} data-testid="reason-input" />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}
