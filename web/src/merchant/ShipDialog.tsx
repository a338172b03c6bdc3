import { App, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { merchantOrdersApi, type SubOrder } from '../api';
import { useServerErrors } from '../app/useServerErrors';
import { useText } from './format';

/** The carriers a merchant ships with (stored by their Chinese name, which shoppers see on the order). */
export const CARRIERS: readonly { name: string; en: string }[] = [
  { name: '顺丰速运', en: 'SF Express' },
  { name: '京东物流', en: 'JD Logistics' },
  { name: '中通快递', en: 'ZTO Express' },
  { name: '圆通速递', en: 'YTO Express' },
  { name: '韵达快递', en: 'Yunda Express' },
  { name: '申通快递', en: 'STO Express' },
  { name: '极兔速递', en: 'J&T Express' },
  { name: '中国邮政EMS', en: 'China Post EMS' },
];

/** A carrier's name in the page's language (a name not on the list as it was typed). */
export const carrierLabel = (name: string, zh: boolean) =>
  zh ? name : (CARRIERS.find((c) => c.name === name)?.en ?? name);

/** 发货: carrier and tracking number for a paid sub-order; server field errors land on the fields. */
export function ShipDialog({ sub, onClose, onDone }: { sub: SubOrder; onClose(): void; onDone(): void }) {
  const { l, zh } = useText();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ carrier: string; trackingNumber: string }>();
  const onError = useServerErrors();
  const [busy, setBusy] = useState(false);
  return (
    <Modal
      open
      title={[l('发货', 'Ship'), sub.lines[0]?.title].filter(Boolean).join(' · ')}
      okText={l('确认发货', 'Ship')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'ship-submit' }}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ carrier: '顺丰速运', trackingNumber: '' }}
        onFinish={async (v) => {
          setBusy(true);
          try {
            await merchantOrdersApi.ship(sub.id, v.carrier, v.trackingNumber);
            message.success(l('已发货', 'Shipped'));
            onDone();
          } catch (e) {
            onError(e, form);
          } finally {
            setBusy(false);
          }
        }}
      >
        <Form.Item
          name="carrier"
          label={l('快递公司', 'Carrier')}
          rules={[{ required: true, whitespace: true }]}
        >
          <Select
            data-testid="ship-carrier"
            options={CARRIERS.map((c) => ({ value: c.name, label: carrierLabel(c.name, zh) }))}
          />
        </Form.Item>
        <Form.Item
          name="trackingNumber"
          label={l('运单号', 'Tracking number')}
          rules={[
            { required: true, whitespace: true },
            {
              pattern: /^[A-Za-z0-9-]{4,40}$/,
              message: l('4–40 位字母、数字或短横线', '4–40 letters, digits or dashes'),
            },
          ]}
        >
          <Input maxLength={40} data-testid="ship-tracking" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
