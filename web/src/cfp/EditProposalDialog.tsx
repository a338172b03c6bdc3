import { App, Form, Modal, Skeleton } from 'antd';
import { useState } from 'react';
import { useI18n } from '../app/i18n';
import { useAsync } from '../app/useAsync';
import { cfpApi } from './api';
import { cfpErrorText, showFieldError } from './errors';
import { ProposalFields, proposalInput } from './ProposalFields';
import type { MyProposal } from './types';

/** Edits a submitted proposal before the deadline (PATCH; the server refuses after it: CFP_CLOSED). */
export function EditProposalDialog({
  proposal,
  onClose,
  onSaved,
}: {
  proposal: MyProposal;
  onClose(): void;
  onSaved(p: MyProposal): void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const cfp = useAsync(() => cfpApi.cfp(proposal.eventId), [proposal.eventId]);

  const save = async () => {
    const values = await form.validateFields();
    setBusy(true);
    try {
      const next = await cfpApi.update(proposal.id, proposalInput(values, cfp.data?.submissionTypes ?? []));
      message.success(t('cfp.mine.saved'));
      onSaved(next);
    } catch (e) {
      if (!showFieldError(t, form, e)) message.error(cfpErrorText(t, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      width={760}
      title={t('cfp.mine.editTitle')}
      okText={t('cfp.form.save')}
      onOk={save}
      onCancel={onClose}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'proposal-save' } as never}
      destroyOnHidden
    >
      {!cfp.data ? (
        <Skeleton active />
      ) : (
        <Form
          form={form}
          layout="vertical"
          data-testid="proposal-edit-form"
          initialValues={{
            title: proposal.title,
            abstract: proposal.abstract,
            description: proposal.description,
            level: proposal.level,
            language: proposal.language,
            notesForReviewers: proposal.notesForReviewers,
            trackId: proposal.track?.id,
            submissionTypeId: proposal.submissionType.id,
            expectedAudience: proposal.expectedAudience ?? undefined,
          }}
        >
          <ProposalFields types={cfp.data.submissionTypes} tracks={cfp.data.tracks} />
        </Form>
      )}
    </Modal>
  );
}
