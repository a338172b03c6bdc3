import { App, Button, Form, Input, Modal, Space } from 'antd';
import { useState } from 'react';
import { type Campaign, type CampaignStatus, campaignsApi, type Role } from '../api';
import { StatusTag } from '../app/campaign-ui';
import { type MessageKey, useI18n } from '../app/i18n';
import { useServerErrors } from '../app/useServerErrors';

interface Action {
  id: 'submit' | 'publish' | 'reject' | 'archive' | 'restore';
  to: CampaignStatus;
  label: MessageKey;
  needsReason: boolean;
  danger?: boolean;
  primary?: boolean;
  /** Only operators decide (publish, archive, send a published event back); organizers propose. */
  operatorOnly?: boolean;
}

const SUBMIT: Action = {
  id: 'submit',
  to: 'in_review',
  label: 'transition.submit',
  needsReason: false,
  primary: true,
};
const PUBLISH: Action = {
  id: 'publish',
  to: 'published',
  label: 'transition.publish',
  needsReason: false,
  primary: true,
  operatorOnly: true,
};
const REJECT: Action = { id: 'reject', to: 'draft', label: 'transition.reject', needsReason: true };
const ARCHIVE: Action = {
  id: 'archive',
  to: 'archived',
  label: 'transition.archive',
  needsReason: true,
  danger: true,
  operatorOnly: true,
};
const RESTORE: Action = {
  id: 'restore',
  to: 'draft',
  label: 'transition.restore',
  needsReason: true,
  operatorOnly: true,
};

/** Mirrors the server's workflow table (src/modules/campaigns/status.ts); the server has the last word. */
const BY_STATUS: Record<CampaignStatus, Action[]> = {
  draft: [SUBMIT],
  in_review: [PUBLISH, REJECT],
  published: [{ ...REJECT, operatorOnly: true }, ARCHIVE],
  live: [ARCHIVE],
  ended: [{ ...ARCHIVE, needsReason: false }],
  archived: [RESTORE],
};

export function TransitionActions({
  campaign,
  role,
  onDone,
}: {
  campaign: Campaign;
  role: Role;
  onDone(c: Campaign): void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const onError = useServerErrors();
  const [pending, setPending] = useState<Action | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ reason?: string }>();

  const actions = BY_STATUS[campaign.status].filter((a) => !a.operatorOnly || role === 'operator');

  const run = async () => {
    if (!pending) return;
    const { reason } = await form.validateFields();
    setBusy(true);
    try {
      const updated = await campaignsApi.transition(campaign.id, pending.to, reason?.trim() || undefined);
      message.success(t('transition.done', { action: t(pending.label) }));
      setPending(null);
      form.resetFields();
      onDone(updated);
    } catch (e) {
      onError(e, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="event-section" data-testid="transition-actions">
      <h2>{t('transition.title')}</h2>
      <div style={{ marginBottom: 12 }} data-testid="campaign-status" data-status={campaign.status}>
        <StatusTag status={campaign.status} />
      </div>
      <Space wrap>
        {actions.map((a) => (
          <Button
            key={a.id}
            type={a.primary ? 'primary' : 'default'}
            danger={a.danger}
            data-testid={`transition-${a.id}`}
            onClick={() => {
              form.resetFields();
              setPending(a);
            }}
          >
            {t(a.label)}
          </Button>
        ))}
      </Space>
      <Modal
        open={pending !== null}
        title={pending ? t('transition.confirm', { action: t(pending.label) }) : ''}
        onCancel={() => setPending(null)}
        onOk={run}
        confirmLoading={busy}
        okText={t('common.ok')}
        cancelText={t('common.cancel')}
        okButtonProps={{ 'data-testid': 'transition-confirm' } as Record<string, string>}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item
            name="reason"
            label={t('transition.reason')}
            rules={
              pending?.needsReason
                ? [{ required: true, whitespace: true, message: t('transition.reason.required') }]
                : []
            }
          >
            <Input.TextArea
              autoSize={{ minRows: 2, maxRows: 6 }}
              maxLength={500}
              data-testid="transition-reason"
            />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
