import { App, Button, Form, Input, Rate } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../app/i18n';
import { programmeApi } from '../api';
import { programmeErrorText } from '../errors';

/** A 1–5 rating with an optional comment, once per attended session. */
export function FeedbackForm({ sessionId, onDone }: { sessionId: string; onDone(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  return (
    <Form
      layout="vertical"
      data-testid="feedback-form"
      onFinish={async (v: { rating: number; comment?: string }) => {
        setBusy(true);
        try {
          await programmeApi.giveFeedback(sessionId, v.rating, v.comment ?? '');
          message.success(t('programme.me.thanks'));
          onDone();
        } catch (e) {
          message.error(programmeErrorText(t, e));
        } finally {
          setBusy(false);
        }
      }}
    >
      <Form.Item
        name="rating"
        label={t('programme.me.score')}
        rules={[{ required: true, message: t('programme.form.required') }]}
      >
        <Rate data-testid="feedback-rating" />
      </Form.Item>
      <Form.Item name="comment" label={t('programme.me.comment')}>
        <Input.TextArea rows={3} maxLength={2000} data-testid="feedback-comment" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy} data-testid="feedback-submit">
        {t('programme.me.submit')}
      </Button>
    </Form>
  );
}
