import { Alert, App, Button, Descriptions, Drawer, Form, Input, Rate, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../app/i18n';
import { cfpApi } from './api';
import { cfpErrorText, showFieldError } from './errors';
import { typeLabel } from './shared';
import type { Review, ReviewEvent, ReviewQueueItem } from './types';

/**
 * One proposal as a reviewer sees it and the review form: a 1-5 score per criterion and a
 * comment. Speakers appear only when the event is not anonymised (the server sends none then).
 */
export function ReviewDrawer({
  event,
  item,
  onClose,
  onSaved,
}: {
  event: ReviewEvent;
  item: ReviewQueueItem;
  onClose(): void;
  onSaved(review: Review): void;
}) {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const p = item.proposal;

  const save = async (values: { scores: Record<string, number>; comment?: string }) => {
    setBusy(true);
    try {
      const review = await cfpApi.saveReview(p.id, { scores: values.scores, comment: values.comment ?? '' });
      message.success(t('cfp.review.saved'));
      onSaved(review);
    } catch (e) {
      if (!showFieldError(t, form, e)) message.error(cfpErrorText(t, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Drawer
      open
      width={720}
      onClose={onClose}
      title={<span data-user-content>{p.title}</span>}
      destroyOnHidden
    >
      <div data-testid="review-drawer" data-proposal-id={p.id}>
        <Descriptions
          column={1}
          size="small"
          items={[
            { key: 'type', label: t('cfp.form.type'), children: typeLabel(t, pick, p.submissionType) },
            {
              key: 'level',
              label: t('cfp.form.level'),
              children: `${t(`cfp.level.${p.level}`)} · ${t(`cfp.language.${p.language}`)}`,
            },
            ...(p.expectedAudience != null
              ? [{ key: 'aud', label: t('cfp.form.expectedAudience'), children: p.expectedAudience }]
              : []),
            ...(p.speakers
              ? [
                  {
                    key: 'speakers',
                    label: t('cfp.review.speakers'),
                    children: (
                      <span data-user-content data-testid="review-drawer-speakers">
                        {p.speakers.map((s) => (s.company ? `${s.name}（${s.company}）` : s.name)).join('、')}
                      </span>
                    ),
                  },
                ]
              : []),
          ]}
        />
        {event.anonymisedReview && (
          <Alert type="info" showIcon style={{ margin: '12px 0' }} title={t('cfp.review.anonymised')} />
        )}
        <Typography.Title level={5}>{t('cfp.form.abstract')}</Typography.Title>
        <Typography.Paragraph data-user-content style={{ whiteSpace: 'pre-wrap' }}>
          {p.abstract}
        </Typography.Paragraph>
        {p.description && (
          <>
            <Typography.Title level={5}>{t('cfp.form.description')}</Typography.Title>
            <Typography.Paragraph data-user-content style={{ whiteSpace: 'pre-wrap' }}>
              {p.description}
            </Typography.Paragraph>
          </>
        )}
        {p.notesForReviewers && (
          <>
            <Typography.Title level={5}>{t('cfp.form.notes')}</Typography.Title>
            <Typography.Paragraph data-user-content style={{ whiteSpace: 'pre-wrap' }}>
              {p.notesForReviewers}
            </Typography.Paragraph>
          </>
        )}
        <Form
          form={form}
          layout="horizontal"
          labelCol={{ span: 6 }}
          onFinish={save}
          disabled={!item.reviewable}
          initialValues={{ scores: item.review?.scores ?? {}, comment: item.review?.comment ?? '' }}
          data-testid="review-form"
        >
          {event.criteria.map((c) => (
            <Form.Item key={c.key} label={pick(c.name)} required>
              <div data-testid={`review-score-${c.key}`}>
                <Form.Item
                  name={['scores', c.key]}
                  noStyle
                  rules={[{ required: true, message: t('cfp.review.scoreRequired') }]}
                >
                  <Rate count={5} />
                </Form.Item>
              </div>
            </Form.Item>
          ))}
          <Form.Item name="comment" label={t('cfp.review.comment')}>
            <Input.TextArea rows={4} maxLength={4000} data-testid="review-comment" />
          </Form.Item>
          {item.reviewable && (
            <Button type="primary" htmlType="submit" loading={busy} data-testid="review-save">
              {t('cfp.review.save')}
            </Button>
          )}
        </Form>
      </div>
    </Drawer>
  );
}
