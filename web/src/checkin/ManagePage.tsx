import {
  Alert,
  Button,
  Card,
  Checkbox,
  Col,
  Form,
  Input,
  Popconfirm,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { campaignsApi } from '../api/campaigns';
import { useI18n } from '../app/i18n';
import { useAsync } from '../app/useAsync';
import { type CheckinList, type CheckinStats, checkinApi } from './api';
import { Attendance } from './CheckinPage';
import { checkinErrorText } from './errors';
import { RequireManager } from './RequireManager';

const TICKETED = ['merchant_growth', 'tech_summit'];

/**
 * The organizer's check-in console (docs/checkin.md): the event's lists with their rules, a new
 * list, door staff, and each list's live attendance. Organizers see their own events, operators all.
 */
function Manage() {
  const { t, pick } = useI18n();
  const [params, setParams] = useSearchParams();
  const events = useAsync(() => campaignsApi.manage(), []);
  const ticketed = (events.data?.items ?? []).filter((c) => TICKETED.includes(c.kind));
  const eventId = params.get('event') ?? ticketed[0]?.id ?? null;
  const lists = useAsync(() => (eventId ? checkinApi.lists(eventId) : Promise.resolve([])), [eventId]);
  const staff = useAsync(() => (eventId ? checkinApi.staff(eventId) : Promise.resolve([])), [eventId]);
  const [stats, setStats] = useState<Record<string, CheckinStats>>({});
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [form] = Form.useForm();

  useEffect(() => {
    const load = () => {
      for (const l of lists.data ?? [])
        checkinApi.stats(l.id).then(
          (s) => setStats((prev) => ({ ...prev, [l.id]: s })),
          () => undefined,
        );
    };
    load();
    const timer = setInterval(load, 5000);
    return () => clearInterval(timer);
  }, [lists.data]);

  const guard = async (work: () => Promise<unknown>) => {
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(checkinErrorText(t, e));
    }
  };

  return (
    <div data-testid="checkin-manage">
      <Typography.Title level={2}>{t('checkin.manage')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('checkin.manageIntro')}</Typography.Paragraph>
      <Space style={{ marginBottom: 16 }} wrap>
        <span>{t('checkin.event')}</span>
        <Select
          data-testid="checkin-event"
          style={{ minWidth: 320 }}
          placeholder={t('checkin.pickEvent')}
          value={eventId ?? undefined}
          onChange={(v) => setParams({ event: v })}
          options={ticketed.map((c) => ({ value: c.id, label: pick(c.title) }))}
        />
        <Link to="/checkin">{t('checkin.openDoor')}</Link>
      </Space>
      {error && (
        <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="manage-error" />
      )}
      {eventId && (
        <Row gutter={16}>
          <Col xs={24} xl={15}>
            <Card title={t('checkin.lists')} style={{ marginBottom: 16 }}>
              <Table<CheckinList>
                rowKey="id"
                size="small"
                pagination={false}
                loading={lists.loading}
                dataSource={lists.data ?? []}
                onRow={() => ({ 'data-testid': 'manage-list' }) as React.HTMLAttributes<HTMLElement>}
                expandable={{
                  expandedRowKeys: open ? [open] : [],
                  onExpand: (on, r) => setOpen(on ? r.id : null),
                  expandedRowRender: (r) => <Attendance stats={stats[r.id] ?? null} />,
                }}
                columns={[
                  { title: t('checkin.listName'), dataIndex: 'name' },
                  { title: t('checkin.kind'), render: (_, r) => <Tag>{t(`checkin.kind.${r.kind}`)}</Tag> },
                  {
                    title: t('checkin.validDays'),
                    render: (_, r) => (r.validDays.length ? r.validDays.join('、') : t('checkin.anyDay')),
                  },
                  {
                    title: t('checkin.types'),
                    render: (_, r) => (r.typeIds.length ? r.typeIds.length : t('checkin.allTypes')),
                  },
                  {
                    title: t('checkin.reentry'),
                    render: (_, r) => (r.allowReentry ? t('checkin.yes') : t('checkin.no')),
                  },
                  {
                    title: t('checkin.attendance'),
                    render: (_, r) =>
                      stats[r.id] ? (
                        <b data-testid="manage-attendance">
                          {stats[r.id]!.admitted} / {stats[r.id]!.expected}
                        </b>
                      ) : (
                        '—'
                      ),
                  },
                  {
                    title: '',
                    render: (_, r) => (
                      <Popconfirm
                        title={t('checkin.delete')}
                        onConfirm={() => guard(() => checkinApi.removeList(r.id)).then(lists.reload)}
                      >
                        <Button size="small" danger>
                          {t('checkin.delete')}
                        </Button>
                      </Popconfirm>
                    ),
                  },
                ]}
              />
            </Card>
            <Card title={t('checkin.newList')}>
              <Form
                form={form}
                layout="inline"
                initialValues={{ kind: 'event', allowReentry: false }}
                onFinish={(v: {
                  name: string;
                  kind: 'event' | 'day' | 'workshop';
                  days?: string;
                  allowReentry: boolean;
                }) =>
                  guard(async () => {
                    await checkinApi.createList(eventId, {
                      name: v.name,
                      kind: v.kind,
                      validDays: (v.days ?? '').split(/[,，、\s]+/).filter(Boolean),
                      allowReentry: v.allowReentry,
                    });
                    form.resetFields();
                    lists.reload();
                  })
                }
              >
                <Form.Item name="name" label={t('checkin.listName')} rules={[{ required: true }]}>
                  <Input data-testid="new-list-name" />
                </Form.Item>
                <Form.Item name="kind" label={t('checkin.kind')}>
                  <Select
                    style={{ width: 120 }}
                    options={(['event', 'day', 'workshop'] as const).map((k) => ({
                      value: k,
                      label: t(`checkin.kind.${k}`),
                    }))}
                  />
                </Form.Item>
                <Form.Item name="days" label={t('checkin.validDays')}>
                  <Input placeholder="2026-12-08" style={{ width: 200 }} />
                </Form.Item>
                <Form.Item name="allowReentry" valuePropName="checked">
                  <Checkbox>{t('checkin.reentry')}</Checkbox>
                </Form.Item>
                <Button type="primary" htmlType="submit" data-testid="new-list-create">
                  {t('checkin.create')}
                </Button>
              </Form>
            </Card>
          </Col>
          <Col xs={24} xl={9}>
            <Card title={t('checkin.staff')}>
              <Input.Search
                data-testid="staff-email"
                placeholder={t('checkin.staffEmail')}
                enterButton={t('checkin.addStaff')}
                onSearch={(email) =>
                  email.trim() && guard(() => checkinApi.addStaff(eventId, email.trim())).then(staff.reload)
                }
              />
              <Table
                style={{ marginTop: 12 }}
                rowKey="userId"
                size="small"
                pagination={false}
                dataSource={staff.data ?? []}
                columns={[
                  { title: t('checkin.staff'), render: (_, r) => `${r.displayName} (${r.email})` },
                  {
                    title: '',
                    render: (_, r) => (
                      <Button
                        size="small"
                        onClick={() =>
                          guard(() => checkinApi.removeStaff(eventId, r.userId)).then(staff.reload)
                        }
                      >
                        {t('checkin.remove')}
                      </Button>
                    ),
                  },
                ]}
              />
            </Card>
          </Col>
        </Row>
      )}
    </div>
  );
}

export default function ManagePage() {
  return (
    <RequireManager>
      <Manage />
    </RequireManager>
  );
}
