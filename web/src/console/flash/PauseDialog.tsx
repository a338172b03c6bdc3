import { App, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { type FlashSlot, flashApi } from '../../api';
import { useI18n } from '../../app/i18n';
import { refusalText } from '../../flash/refusals';

/** Pause or resume a slot, with the reason the audit log records. */
export function PauseDialog({
  slot,
  action,
  onClose,
  onDone,
}: {
  slot: FlashSlot;
  action: 'pause' | 'resume';
  onClose(): void;
  onDone(slot: FlashSlot): void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);

  const submit = async ({ reason }: { reason: string }) => {
    setBusy(true);
    try {
      const next = await (action === 'pause' ? flashApi.pause : flashApi.resume)(slot.id, reason.trim());
      message.success(t(action === 'pause' ? 'flash.console.paused' : 'flash.console.resumed'));
      onDone(next);
    } catch (e) {
      message.error(refusalText(e, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={`${t(action === 'pause' ? 'flash.console.pause' : 'flash.console.resume')} · ${slot.title}`}
      okText={t('common.ok')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      okButtonProps={{ danger: action === 'pause', 'data-testid': 'flash-pause-ok' } as never}
    >
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item
          name="reason"
          label={t('flash.console.reason')}
          rules={[{ required: true, whitespace: true, message: t('flash.console.reason.required') }]}
        >
          <Input.TextArea
            autoSize={{ minRows: 2, maxRows: 4 }}
            maxLength={200}
            data-testid="flash-pause-reason"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
