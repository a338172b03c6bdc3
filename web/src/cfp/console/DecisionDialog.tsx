import { App, Input, List, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../app/i18n';
import { cfpApi } from '../api';
import { cfpErrorText } from '../errors';
import type { RankedProposal } from '../types';

export interface PendingDecision {
  decision: 'accept' | 'reject';
  proposals: RankedProposal[];
}

/**
 * The confirmation before a decision is sent: which proposals, an optional reason the speakers
 * read. One proposal goes through the single route, more through the bulk one (which skips
 * those someone else decided meanwhile and says how many).
 */
export function DecisionDialog({
  eventId,
  pending,
  onClose,
  onDone,
}: {
  eventId: string;
  pending: PendingDecision;
  onClose(): void;
  onDone(): void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const { decision, proposals } = pending;

  const send = async () => {
    setBusy(true);
    try {
      const why = reason.trim() || undefined;
      if (proposals.length === 1) {
        await cfpApi.decide(proposals[0]!.proposalId, decision, why);
        message.success(t('cfp.dash.decided', { n: 1 }));
      } else {
        const result = await cfpApi.decideMany(
          eventId,
          proposals.map((p) => p.proposalId),
          decision,
          why,
        );
        message.success(t('cfp.dash.decided', { n: result.decided.length }));
        if (result.skipped.length > 0) message.warning(t('cfp.dash.skipped', { n: result.skipped.length }));
      }
      onDone();
    } catch (e) {
      message.error(cfpErrorText(t, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t(`cfp.dash.decideTitle.${decision}`, { n: proposals.length })}
      okText={t('cfp.dash.send')}
      okButtonProps={{ danger: decision === 'reject', 'data-testid': 'cfp-decision-send' } as never}
      confirmLoading={busy}
      onOk={send}
      onCancel={onClose}
    >
      <div data-testid="cfp-decision-dialog" data-decision={decision}>
        <Typography.Paragraph type="secondary">{t('cfp.dash.decideHelp')}</Typography.Paragraph>
        <List
          size="small"
          bordered
          dataSource={proposals}
          style={{ marginBottom: 12, maxHeight: 240, overflow: 'auto' }}
          renderItem={(p) => (
            <List.Item>
              <span data-user-content>{p.title}</span>
            </List.Item>
          )}
        />
        <Input.TextArea
          rows={3}
          maxLength={2000}
          placeholder={t('cfp.dash.reason')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          data-testid="cfp-decision-reason"
        />
      </div>
    </Modal>
  );
}
