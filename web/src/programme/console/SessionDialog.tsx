import { Form, Input, InputNumber, Modal, Select } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../app/i18n';
import type { SessionInput } from '../api';
import type { Session, Track } from '../types';

export type NewItemKind = 'break' | 'invited';

interface Values {
  kind: Session['kind'];
  title: string;
  abstract?: string;
  language: Session['language'];
  durationMinutes: number;
  trackId?: string;
  speakerName?: string;
  speakerCompany?: string;
  documents?: string;
}

export interface NewSession {
  session: SessionInput;
  speaker: { name: string; company?: string } | null;
}

/** A break, or a talk or keynote the organizer invites (no proposal behind it), made in the editor. */
export function SessionDialog({
  kind,
  tracks,
  onClose,
  onCreate,
}: {
  kind: NewItemKind;
  tracks: Track[];
  onClose(): void;
  onCreate(input: NewSession): Promise<void>;
}) {
  const { t, pick, locale } = useI18n();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const isBreak = kind === 'break';
  const required = [{ required: true, message: t('programme.form.required') }];
  return (
    <Modal
      open
      title={isBreak ? t('programme.editor.newBreak') : t('programme.editor.newTalk')}
      okText={t('programme.form.create')}
      cancelText={t('programme.common.cancel')}
      confirmLoading={busy}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ 'data-testid': 'session-create' } as Record<string, string>}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          kind: isBreak ? 'break' : 'keynote',
          title: isBreak ? t('programme.kind.break') : '',
          language: locale,
          durationMinutes: isBreak ? 30 : 30,
        }}
        onFinish={async (v) => {
          setBusy(true);
          try {
            const documents = (v.documents ?? '')
              .split('\n')
              .map((l) => l.trim())
              .filter(Boolean)
              .map((url) => ({ title: url.replace(/^https?:\/\//, ''), url }));
            await onCreate({
              session: {
                kind: v.kind,
                title: v.title,
                abstract: v.abstract ?? '',
                language: v.language,
                durationMinutes: v.durationMinutes,
                trackId: v.trackId ?? null,
                documents,
              },
              speaker: v.speakerName ? { name: v.speakerName, company: v.speakerCompany || undefined } : null,
            });
          } finally {
            setBusy(false);
          }
        }}
      >
        {!isBreak && (
          <Form.Item name="kind" label={t('programme.form.kind')}>
            <Select
              options={(['keynote', 'talk', 'workshop', 'lightning'] as const).map((k) => ({
                value: k,
                label: t(`programme.kind.${k}`),
              }))}
            />
          </Form.Item>
        )}
        <Form.Item name="title" label={t('programme.form.titleLabel')} rules={required}>
          <Input data-testid="session-title" />
        </Form.Item>
        <Form.Item name="language" label={t('programme.session.language')}>
          <Select
            options={(['zh-CN', 'en-US'] as const).map((l) => ({
              value: l,
              label: t(`programme.language.${l}`),
            }))}
          />
        </Form.Item>
        <Form.Item name="durationMinutes" label={t('programme.form.duration')} rules={required}>
          <InputNumber min={5} max={600} step={5} data-testid="session-duration" />
        </Form.Item>
        {!isBreak && (
          <>
            <Form.Item name="trackId" label={t('programme.form.track')}>
              <Select allowClear options={tracks.map((tr) => ({ value: tr.id, label: pick(tr.name) }))} />
            </Form.Item>
            <Form.Item name="abstract" label={t('programme.form.abstract')}>
              <Input.TextArea rows={3} />
            </Form.Item>
            <Form.Item name="speakerName" label={t('programme.form.speakerName')}>
              <Input data-testid="session-speaker" />
            </Form.Item>
            <Form.Item name="speakerCompany" label={t('programme.form.speakerCompany')}>
              <Input />
            </Form.Item>
            <Form.Item name="documents" label={t('programme.form.documents')}>
              <Input.TextArea rows={2} placeholder="https://example.com/slides.pdf" />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}
