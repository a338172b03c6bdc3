import { Checkbox, Form, Input, InputNumber, Modal, Select } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Intent } from '../../api/intent';
import { useI18n } from '../../app/i18n';
import { type QuestionDraft, type TicketQuestion, type TicketSetup, ticketsConsoleApi } from './api';
import { useTicketFailure } from './shared';

const KINDS = ['text', 'choice', 'invoice_title', 'dietary'] as const;

interface QuestionFormValues {
  kind: QuestionDraft['kind'];
  label: { 'zh-CN': string; 'en-US': string };
  /** One option a line. */
  options?: string;
  typeIds?: string[];
  required: boolean;
  position: number;
}

/**
 * 新建问题 / 编辑问题: asked of each attendee of the types named (all when none), at checkout. Once
 * attendees answered, the server keeps the kind and every option (409 QUESTION_ANSWERED under the field).
 */
export function QuestionModal({
  eventId,
  setup,
  open,
  question,
  onClose,
  onSaved,
}: {
  eventId: string;
  setup: TicketSetup;
  open: boolean;
  /** The question to edit; null: a new one. */
  question: TicketQuestion | null;
  onClose(): void;
  onSaved(): void;
}) {
  const { t, pick } = useI18n();
  const fail = useTicketFailure();
  const [form] = Form.useForm<QuestionFormValues>();
  const [saving, setSaving] = useState(false);
  const intent = useMemo(() => new Intent(), []);
  const kind = Form.useWatch('kind', form);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(
      question
        ? {
            kind: question.kind,
            label: question.label,
            options: question.options.join('\n'),
            typeIds: question.typeIds,
            required: question.required,
            position: question.position,
          }
        : { kind: 'text', required: false, position: setup.questions.length + 1, typeIds: [] },
    );
    intent.renew();
  }, [open, question, form, intent, setup.questions.length]);

  const optionsOf = (text: string | undefined) =>
    (text ?? '')
      .split('\n')
      .map((o) => o.trim())
      .filter(Boolean);

  const submit = async (v: QuestionFormValues) => {
    setSaving(true);
    try {
      const draft: QuestionDraft = {
        kind: v.kind,
        label: { 'zh-CN': v.label['zh-CN'].trim(), 'en-US': v.label['en-US'].trim() },
        options: v.kind === 'choice' ? optionsOf(v.options) : [],
        typeIds: v.typeIds ?? [],
        required: v.required,
        position: v.position ?? 0,
      };
      if (question) await ticketsConsoleApi.updateQuestion(question.id, draft);
      else await ticketsConsoleApi.createQuestion(eventId, draft, intent);
      onSaved();
    } catch (e) {
      fail(e, form, (f) => (f.startsWith('options') ? 'options' : f));
    } finally {
      setSaving(false);
    }
  };

  const required = { required: true, whitespace: true, message: t('form.required') };
  return (
    <Modal
      open={open}
      title={question ? t('tcon.question.edit') : t('tcon.question.new')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('tcon.save')}
      cancelText={t('tcon.cancel')}
      okButtonProps={{ loading: saving, 'data-testid': 'question-save' } as never}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={submit} data-testid="question-form">
        <Form.Item
          name="kind"
          label={t('tcon.question.kind')}
          extra={question ? t('tcon.question.answeredHint') : undefined}
        >
          <Select
            data-testid="question-kind"
            options={KINDS.map((k) => ({ value: k, label: t(`tcon.question.kind.${k}`) }))}
          />
        </Form.Item>
        <Form.Item
          name={['label', 'zh-CN']}
          label={t('tcon.question.labelZh')}
          rules={[required, { max: 200, message: t('tcon.max200') }]}
        >
          <Input data-testid="question-label-zh" />
        </Form.Item>
        <Form.Item
          name={['label', 'en-US']}
          label={t('tcon.question.labelEn')}
          rules={[required, { max: 200, message: t('tcon.max200') }]}
        >
          <Input lang="en" data-testid="question-label-en" />
        </Form.Item>
        {kind === 'choice' && (
          <Form.Item
            name="options"
            label={t('tcon.question.options')}
            extra={t('tcon.question.optionsHint')}
            rules={[
              {
                validator: async (_: unknown, v: string | undefined) => {
                  const options = optionsOf(v);
                  if (options.length < 2) throw new Error(t('tcon.field.VALIDATION_FAILED.options'));
                  if (options.length > 50 || options.some((o) => o.length > 100))
                    throw new Error(t('tcon.question.optionsMax'));
                },
              },
            ]}
          >
            <Input.TextArea rows={4} data-testid="question-options" />
          </Form.Item>
        )}
        <Form.Item name="typeIds" label={t('tcon.question.types')} extra={t('tcon.question.typesHint')}>
          <Select
            mode="multiple"
            allowClear
            options={setup.types.map((ty) => ({ value: ty.id, label: pick(ty.name) }))}
          />
        </Form.Item>
        <Form.Item name="position" label={t('tcon.type.position')}>
          <InputNumber min={0} max={1000} precision={0} />
        </Form.Item>
        <Form.Item name="required" valuePropName="checked">
          <Checkbox>{t('tcon.question.required')}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}
