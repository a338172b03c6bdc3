import { Form, Input, InputNumber, Radio, Select } from 'antd';
import { useI18n } from '../app/i18n';
import { typeLabel } from './shared';
import {
  LANGUAGES,
  LEVELS,
  type Level,
  type ProposalInput,
  type ProposalLanguage,
  type SubmissionType,
  type TrackRef,
} from './types';

/**
 * The proposal's questions (docs/cfp.md, ProposalInput), for the submit page and the edit dialog.
 * The expected audience is asked for workshops only, as the server accepts it only there.
 */
export function ProposalFields({ types, tracks }: { types: SubmissionType[]; tracks: TrackRef[] }) {
  const { t, pick } = useI18n();
  const form = Form.useFormInstance();
  const typeId = Form.useWatch('submissionTypeId', form);
  const workshop = types.find((ty) => ty.id === typeId)?.kind === 'workshop';
  const required = (key: Parameters<typeof t>[0]) => [
    { required: true, whitespace: true, message: t('cfp.form.required', { field: t(key) }) },
  ];
  return (
    <>
      <Form.Item name="title" label={t('cfp.form.title')} rules={required('cfp.form.title')}>
        <Input maxLength={200} showCount data-testid="proposal-title" />
      </Form.Item>
      <Form.Item
        name="submissionTypeId"
        label={t('cfp.form.type')}
        rules={[{ required: true, message: t('cfp.form.required', { field: t('cfp.form.type') }) }]}
      >
        <Radio.Group data-testid="proposal-type">
          {types.map((ty) => (
            <Radio.Button key={ty.id} value={ty.id}>
              <span data-kind={ty.kind}>{typeLabel(t, pick, ty)}</span>
            </Radio.Button>
          ))}
        </Radio.Group>
      </Form.Item>
      {tracks.length > 0 && (
        <Form.Item
          name="trackId"
          label={t('cfp.form.track')}
          rules={[{ required: true, message: t('cfp.form.required', { field: t('cfp.form.track') }) }]}
        >
          <Select
            data-testid="proposal-track"
            options={tracks.map((tr) => ({ value: tr.id, label: pick(tr.name) }))}
          />
        </Form.Item>
      )}
      {workshop && (
        <Form.Item
          name="expectedAudience"
          label={t('cfp.form.expectedAudience')}
          extra={t('cfp.form.expectedAudienceHelp')}
          rules={[
            { required: true, message: t('cfp.form.required', { field: t('cfp.form.expectedAudience') }) },
          ]}
        >
          <InputNumber min={1} max={10000} precision={0} data-testid="proposal-audience" />
        </Form.Item>
      )}
      <Form.Item
        name="abstract"
        label={t('cfp.form.abstract')}
        extra={t('cfp.form.abstractHelp')}
        rules={required('cfp.form.abstract')}
      >
        <Input.TextArea rows={4} maxLength={2000} showCount data-testid="proposal-abstract" />
      </Form.Item>
      <Form.Item name="description" label={t('cfp.form.description')} extra={t('cfp.form.descriptionHelp')}>
        <Input.TextArea rows={6} maxLength={10000} data-testid="proposal-description" />
      </Form.Item>
      <Form.Item name="level" label={t('cfp.form.level')} rules={[{ required: true }]}>
        <Radio.Group
          data-testid="proposal-level"
          options={LEVELS.map((l) => ({ value: l, label: t(`cfp.level.${l}`) }))}
        />
      </Form.Item>
      <Form.Item name="language" label={t('cfp.form.language')} rules={[{ required: true }]}>
        <Radio.Group
          data-testid="proposal-language"
          options={LANGUAGES.map((l) => ({ value: l, label: t(`cfp.language.${l}`) }))}
        />
      </Form.Item>
      <Form.Item name="notesForReviewers" label={t('cfp.form.notes')}>
        <Input.TextArea rows={3} maxLength={2000} data-testid="proposal-notes" />
      </Form.Item>
    </>
  );
}

/** The form's values as the server's ProposalInput: no audience unless a workshop, trimmed texts. */
export function proposalInput(values: Record<string, unknown>, types: SubmissionType[]): ProposalInput {
  const type = types.find((ty) => ty.id === values.submissionTypeId);
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
  return {
    title: text(values.title),
    abstract: text(values.abstract),
    description: text(values.description),
    level: values.level as Level,
    language: values.language as ProposalLanguage,
    notesForReviewers: text(values.notesForReviewers),
    trackId: (values.trackId as string | undefined) ?? null,
    submissionTypeId: String(values.submissionTypeId ?? ''),
    expectedAudience: type?.kind === 'workshop' ? ((values.expectedAudience as number | null) ?? null) : null,
  };
}
