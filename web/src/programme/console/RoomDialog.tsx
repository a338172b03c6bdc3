import { Form, Input, InputNumber, Modal, TimePicker } from 'antd';
import { useI18n } from '../../app/i18n';
import { dayjs } from '../../app/time';
import type { RoomInput } from '../api';
import type { Room } from '../types';

interface Values {
  zh: string;
  en: string;
  capacity: number;
  hours: [dayjs.Dayjs, dayjs.Dayjs];
}

/** A room's name, capacity and daily hours (wall time in the event's zone). */
export function RoomDialog({
  room,
  onClose,
  onSave,
}: {
  room: Room | null;
  onClose(): void;
  onSave(input: RoomInput): Promise<void>;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const at = (hhmm: string) => dayjs(`2000-01-01T${hhmm}:00`);
  return (
    <Modal
      open
      title={room ? t('programme.common.edit') : t('programme.rooms.add')}
      okText={t('programme.common.save')}
      cancelText={t('programme.common.cancel')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ 'data-testid': 'room-save' } as Record<string, string>}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          zh: room?.name['zh-CN'] ?? '',
          en: room?.name['en-US'] ?? '',
          capacity: room?.capacity ?? 200,
          hours: [at(room?.opensAt ?? '09:00'), at(room?.closesAt ?? '18:00')],
        }}
        onFinish={(v) =>
          onSave({
            name: { 'zh-CN': v.zh, 'en-US': v.en },
            capacity: v.capacity,
            opensAt: v.hours[0].format('HH:mm'),
            closesAt: v.hours[1].format('HH:mm'),
          })
        }
      >
        <Form.Item
          name="zh"
          label={t('programme.rooms.nameZh')}
          rules={[{ required: true, message: t('programme.form.required') }]}
        >
          <Input data-testid="room-zh" />
        </Form.Item>
        <Form.Item
          name="en"
          label={t('programme.rooms.nameEn')}
          rules={[{ required: true, message: t('programme.form.required') }]}
        >
          <Input data-testid="room-en" />
        </Form.Item>
        <Form.Item
          name="capacity"
          label={t('programme.rooms.capacity')}
          rules={[{ required: true, message: t('programme.form.required') }]}
        >
          <InputNumber min={1} max={100000} data-testid="room-capacity" />
        </Form.Item>
        <Form.Item
          name="hours"
          label={t('programme.rooms.hours')}
          rules={[{ required: true, message: t('programme.form.required') }]}
        >
          <TimePicker.RangePicker format="HH:mm" minuteStep={15} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
