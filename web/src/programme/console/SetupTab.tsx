import { App, Button, Card, ColorPicker, Form, Input, Popconfirm, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../app/i18n';
import { programmeApi } from '../api';
import { programmeErrorText } from '../errors';
import type { Programme, Room } from '../types';
import { RoomDialog } from './RoomDialog';

interface Props {
  programme: Programme;
  reload(): void;
}

/** 专场与会场: the event's tracks (with their colours) and rooms (capacity, daily hours). */
export function SetupTab({ programme, reload }: Props) {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const [trackForm] = Form.useForm();
  const [editing, setEditing] = useState<Room | 'new' | null>(null);
  const eventId = programme.event.id;

  const guard = async (work: () => Promise<unknown>) => {
    try {
      await work();
      reload();
      return true;
    } catch (e) {
      message.error(programmeErrorText(t, e));
      return false;
    }
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card title={t('programme.tracks.title')} data-testid="tracks-card">
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={programme.tracks}
          locale={{ emptyText: t('programme.tracks.empty') }}
          columns={[
            {
              key: 'name',
              title: t('programme.tracks.nameZh'),
              render: (_, tr) => (
                // Both names as the organizer typed them, each marked with its language.
                <Tag color={tr.color} data-testid="track-row" lang="zh-CN">
                  {tr.name['zh-CN']}
                </Tag>
              ),
            },
            {
              key: 'en',
              title: t('programme.tracks.nameEn'),
              render: (_, tr) => <span lang="en-US">{tr.name['en-US']}</span>,
            },
            {
              key: 'color',
              title: t('programme.tracks.color'),
              render: (_, tr) => (
                <ColorPicker
                  size="small"
                  value={tr.color}
                  onChangeComplete={(c) =>
                    guard(() => programmeApi.updateTrack(tr.id, { color: c.toHexString() }))
                  }
                />
              ),
            },
            {
              key: 'x',
              title: '',
              align: 'right',
              render: (_, tr) => (
                <Popconfirm
                  title={t('programme.common.deleteConfirm')}
                  onConfirm={() => guard(() => programmeApi.deleteTrack(tr.id))}
                >
                  <Button size="small" danger>
                    {t('programme.common.delete')}
                  </Button>
                </Popconfirm>
              ),
            },
          ]}
        />
        <Form
          form={trackForm}
          layout="inline"
          style={{ marginTop: 12, rowGap: 8 }}
          onFinish={async (v: { zh: string; en: string; color?: { toHexString(): string } | string }) => {
            const color = typeof v.color === 'string' ? v.color : v.color?.toHexString();
            const done = await guard(() =>
              programmeApi.createTrack(eventId, {
                name: { 'zh-CN': v.zh, 'en-US': v.en },
                color,
                position: programme.tracks.length,
              }),
            );
            if (done) trackForm.resetFields();
          }}
        >
          <Form.Item name="zh" rules={[{ required: true, message: t('programme.form.required') }]}>
            <Input placeholder={t('programme.tracks.nameZh')} data-testid="track-zh" />
          </Form.Item>
          <Form.Item name="en" rules={[{ required: true, message: t('programme.form.required') }]}>
            <Input placeholder={t('programme.tracks.nameEn')} data-testid="track-en" />
          </Form.Item>
          <Form.Item name="color" initialValue="#1677ff">
            <ColorPicker />
          </Form.Item>
          <Button htmlType="submit" data-testid="track-add">
            {t('programme.tracks.add')}
          </Button>
        </Form>
      </Card>

      <Card
        title={t('programme.rooms.title')}
        data-testid="rooms-card"
        extra={
          <Button type="primary" onClick={() => setEditing('new')} data-testid="room-add">
            {t('programme.rooms.add')}
          </Button>
        }
      >
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={programme.rooms}
          locale={{ emptyText: t('programme.rooms.empty') }}
          columns={[
            { key: 'name', title: t('programme.rooms.name'), render: (_, r) => pick(r.name) },
            {
              key: 'cap',
              title: t('programme.rooms.capacity'),
              render: (_, r) => t('programme.rooms.seats', { n: r.capacity }),
            },
            {
              key: 'hours',
              title: t('programme.rooms.hours'),
              render: (_, r) => `${r.opensAt}–${r.closesAt}`,
            },
            {
              key: 'x',
              title: '',
              align: 'right',
              render: (_, r) => (
                <Space>
                  <Button size="small" onClick={() => setEditing(r)}>
                    {t('programme.common.edit')}
                  </Button>
                  <Popconfirm
                    title={t('programme.common.deleteConfirm')}
                    onConfirm={() => guard(() => programmeApi.deleteRoom(r.id))}
                  >
                    <Button size="small" danger>
                      {t('programme.common.delete')}
                    </Button>
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {editing && (
        <RoomDialog
          room={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSave={async (input) => {
            const done = await guard(() =>
              editing === 'new'
                ? programmeApi.createRoom(eventId, { ...input, position: programme.rooms.length })
                : programmeApi.updateRoom(editing.id, input),
            );
            if (done) {
              message.success(t('programme.common.saved'));
              setEditing(null);
            }
          }}
        />
      )}
    </Space>
  );
}
