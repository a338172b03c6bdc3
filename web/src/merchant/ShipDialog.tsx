import { App, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { merchantOrdersApi, type SubOrder } from '../api';
import { useServerErrors } from '../app/useServerErrors';
import { useText } from './format';

/** 发货: carrier and tracking number for a paid sub-order; server field errors land on the fields. */
export function ShipDialog({ sub, onClose, onDone }: { sub: SubOrder; onClose(): void; onDone(): void }) {
  const { l } = useText();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ carrier: string; trackingNumber: string }>();
  const onError = useServerErrors();
  const [busy, setBusy] = useState(false);
  return (
    <Modal
      open
      title={l(`发货 ${sub.id}`, `Ship ${sub.id}`)}
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
          <Input maxLength={50} data-testid="ship-carrier" />
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
