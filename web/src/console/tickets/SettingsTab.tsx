import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, InputNumber, Popconfirm, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../app/i18n';
import { type TicketQuestion, ticketsConsoleApi } from './api';
import { QuestionModal } from './QuestionModal';
import { refusalText, useJoin, useTicketFailure, useTypeNames } from './shared';
import type { TabProps } from './TypesTab';

/** 问题与设置: the registration form's questions, and how long holds and waiting-list offers last. */
export function SettingsTab({ eventId, setup, reload }: TabProps) {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const fail = useTicketFailure();
  const typeName = useTypeNames(setup);
  const join = useJoin();
  const [open, setOpen] = useState(false);
  const [editing, setEditing] = useState<TicketQuestion | null>(null);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<{ holdMinutes: number; offerHours: number }>();

  const save = async (v: { holdMinutes: number; offerHours: number }) => {
    setSaving(true);
    try {
      await ticketsConsoleApi.setSettings(eventId, v);
      message.success(t('tcon.saved'));
      reload();
    } catch (e) {
      fail(e, form);
    } finally {
      setSaving(false);
    }
  };

  /** A refused removal (answered: 409 QUESTION_ANSWERED) says so in the catalogue's words. */
  const remove = async (q: TicketQuestion) => {
    try {
      await ticketsConsoleApi.deleteQuestion(q.id);
      message.success(t('tcon.question.deleted'));
      reload();
    } catch (e) {
      message.error(refusalText(t, e));
    }
  };

  return (
    <div data-testid="settings-tab">
      <Card
        title={t('tcon.question.title')}
        style={{ marginBottom: 16 }}
        extra={
          <Button
            icon={<PlusOutlined />}
            data-testid="question-new"
            onClick={() => {
              setEditing(null);
              setOpen(true);
            }}
          >
            {t('tcon.question.new')}
          </Button>
        }
      >
        <Table<TicketQuestion>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={setup.questions}
          locale={{ emptyText: t('tcon.question.none') }}
          onRow={() => ({ 'data-testid': 'question-row' }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            {
              title: t('tcon.question.label'),
              render: (_, q) => <span data-user-content>{pick(q.label)}</span>,
            },
            {
              title: t('tcon.question.kind'),
              render: (_, q) => <Tag>{t(`tcon.question.kind.${q.kind}`)}</Tag>,
            },
            {
              title: t('tcon.question.options'),
              render: (_, q) => (q.options.length ? <span data-user-content>{join(q.options)}</span> : '—'),
            },
            {
              title: t('tcon.question.required'),
              render: (_, q) => (q.required ? <Tag color="red">{t('tcon.yes')}</Tag> : t('tcon.no')),
            },
            {
              title: t('tcon.question.types'),
              render: (_, q) => (q.typeIds.length ? join(q.typeIds.map(typeName)) : t('tcon.allTypes')),
            },
            {
              title: t('tcon.question.actions'),
              render: (_, q) => (
                <Space size={4}>
                  <Button
                    size="small"
                    data-testid="question-edit"
                    onClick={() => {
                      setEditing(q);
                      setOpen(true);
                    }}
                  >
                    {t('tcon.edit')}
                  </Button>
                  <Popconfirm
                    title={t('tcon.question.deleteConfirm')}
                    description={t('tcon.question.deleteHint')}
                    okText={t('tcon.question.delete')}
                    cancelText={t('tcon.cancel')}
                    okButtonProps={{ danger: true, 'data-testid': 'question-delete-confirm' } as never}
                    onConfirm={() => remove(q)}
                  >
                    <Button size="small" danger data-testid="question-delete">
                      {t('tcon.question.delete')}
                    </Button>
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Card title={t('tcon.settings.title')}>
        <Form
          form={form}
          layout="inline"
          initialValues={setup.settings}
          onFinish={save}
          data-testid="settings-form"
        >
          <Form.Item
            name="holdMinutes"
            label={t('tcon.settings.holdMinutes')}
            tooltip={t('tcon.settings.holdHint')}
            rules={[
              { required: true, message: t('form.required') },
              { type: 'integer', min: 1, max: 120, message: t('tcon.wholeBetween', { min: 1, max: 120 }) },
            ]}
          >
            <InputNumber min={1} max={120} precision={0} suffix={t('tcon.settings.minutes')} />
          </Form.Item>
          <Form.Item
            name="offerHours"
            label={t('tcon.settings.offerHours')}
            tooltip={t('tcon.settings.offerHint')}
            rules={[
              { required: true, message: t('form.required') },
              { type: 'integer', min: 1, max: 240, message: t('tcon.wholeBetween', { min: 1, max: 240 }) },
            ]}
          >
            <InputNumber min={1} max={240} precision={0} suffix={t('tcon.settings.hours')} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={saving} data-testid="settings-save">
            {t('tcon.save')}
          </Button>
        </Form>
      </Card>
      <QuestionModal
        eventId={eventId}
        setup={setup}
        open={open}
        question={editing}
        onClose={() => setOpen(false)}
        onSaved={() => {
          message.success(t('tcon.saved'));
          setOpen(false);
          reload();
        }}
      />
    </div>
  );
}
