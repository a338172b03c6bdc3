import { Alert, App, Button, Card, Form, Input, Popconfirm, Select, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Intent } from '../../api';
import { useI18n } from '../../app/i18n';
import { useAsync } from '../../app/useAsync';
import { cfpApi } from '../api';
import { cfpErrorText, showFieldError } from '../errors';
import { TrackTag } from '../shared';
import type { TrackRef } from '../types';

/** 评审人: appoint a user (by e-mail) to tracks; remove one appointment (their reviews stay). */
export function ReviewersTab({ eventId, tracks }: { eventId: string; tracks: TrackRef[] }) {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const intent = useMemo(() => new Intent(), []);
  const reviewers = useAsync(() => cfpApi.reviewers(eventId), [eventId]);

  const appoint = async (v: { email: string; trackIds: string[] }) => {
    setBusy(true);
    try {
      const added = await intent.run((key) =>
        cfpApi.appoint(eventId, { email: v.email.trim(), trackIds: v.trackIds }, key),
      );
      intent.renew();
      message.success(t('cfp.reviewers.added', { n: added.length }));
      form.resetFields();
      reviewers.reload();
    } catch (e) {
      if (!showFieldError(t, form, e, (f) => f.replace(/\.\d+$/, ''))) message.error(cfpErrorText(t, e));
    } finally {
      setBusy(false);
    }
  };

  const remove = async (id: string) => {
    try {
      await cfpApi.removeReviewer(id);
      message.success(t('cfp.reviewers.removed'));
      reviewers.reload();
    } catch (e) {
      message.error(cfpErrorText(t, e));
    }
  };

  return (
    <Card data-testid="cfp-reviewers">
      <Typography.Paragraph type="secondary">{t('cfp.reviewers.intro')}</Typography.Paragraph>
      {tracks.length === 0 ? (
        <Alert type="info" showIcon title={t('cfp.reviewers.noTracks')} style={{ marginBottom: 16 }} />
      ) : (
        <Form form={form} layout="inline" onFinish={appoint} style={{ marginBottom: 16, rowGap: 8 }}>
          <Form.Item
            name="email"
            rules={[{ required: true, type: 'email', message: t('cfp.form.emailInvalid') }]}
          >
            <Input
              placeholder={t('cfp.reviewers.email')}
              style={{ width: 260 }}
              data-testid="reviewer-email"
            />
          </Form.Item>
          <Form.Item
            name="trackIds"
            rules={[
              { required: true, message: t('cfp.form.required', { field: t('cfp.reviewers.tracks') }) },
            ]}
          >
            <Select
              mode="multiple"
              placeholder={t('cfp.reviewers.tracks')}
              style={{ minWidth: 280 }}
              options={tracks.map((tr) => ({ value: tr.id, label: pick(tr.name) }))}
              data-testid="reviewer-tracks"
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="reviewer-add">
            {t('cfp.reviewers.add')}
          </Button>
        </Form>
      )}
      <Table
        rowKey="id"
        size="small"
        loading={reviewers.loading}
        dataSource={reviewers.data ?? []}
        pagination={false}
        columns={[
          {
            key: 'name',
            title: t('cfp.reviewers.name'),
            render: (_, r) => (
              <span data-user-content data-testid="reviewer-row" data-reviewer-id={r.id}>
                {r.name} · {r.email}
              </span>
            ),
          },
          { key: 'track', title: t('cfp.reviewers.tracks'), render: (_, r) => <TrackTag track={r.track} /> },
          { key: 'reviews', title: t('cfp.reviewers.reviews'), dataIndex: 'reviews', width: 90 },
          {
            key: 'remove',
            title: '',
            width: 90,
            render: (_, r) => (
              <Popconfirm title={t('cfp.reviewers.removeConfirm')} onConfirm={() => remove(r.id)}>
                <Button danger size="small" data-testid="reviewer-remove">
                  {t('cfp.reviewers.remove')}
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
    </Card>
  );
}
