import { App, Cascader, Checkbox, Form, Input, Modal } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { type Address, type AddressDraft, addressesApi, Intent, isApiError } from '../api';
import { useI18n } from '../app/i18n';
import { useText } from '../merchant/format';
import { type Division, loadDivisions } from './divisions';
import { shopperError } from './errors';

/** The form's rules mirror the server's (src/modules/addresses/schemas.ts). */
const PHONE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;

interface Values {
  name: string;
  phone: string;
  region: [string, string, string];
  detail: string;
  isDefault: boolean;
}

/** 新增/编辑收货地址: name, phone, 省/市/区 from the division tree, street; validated as the server does. */
export function AddressForm({
  open,
  address,
  onClose,
  onSaved,
}: {
  open: boolean;
  address: Address | null;
  onClose: () => void;
  onSaved: (a: Address) => void;
}) {
  const { l } = useText();
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [divisions, setDivisions] = useState<Division[]>([]);
  const [busy, setBusy] = useState(false);
  const intent = useRef(new Intent());

  useEffect(() => {
    if (!open) return;
    loadDivisions().then(setDivisions);
    intent.current = new Intent();
    form.setFieldsValue(
      address
        ? {
            name: address.name,
            phone: address.phone,
            region: [address.provinceCode, address.cityCode, address.districtCode],
            detail: address.detail,
            isDefault: address.isDefault,
          }
        : { name: '', phone: '', region: undefined, detail: '', isDefault: false },
    );
  }, [open, address, form]);

  const save = async () => {
    const v = await form.validateFields();
    const draft: AddressDraft = {
      name: v.name.trim(),
      phone: v.phone.trim(),
      provinceCode: v.region[0],
      cityCode: v.region[1],
      districtCode: v.region[2],
      detail: v.detail.trim(),
      isDefault: v.isDefault,
    };
    setBusy(true);
    try {
      const saved = address
        ? await addressesApi.update(address.id, draft)
        : await intent.current.run((key) => addressesApi.create(key, draft));
      onSaved(saved);
    } catch (e) {
      if (!isApiError(e)) throw e;
      const field = String(e.details?.field ?? '');
      const name = ['provinceCode', 'cityCode', 'districtCode'].includes(field) ? 'region' : field;
      if (['name', 'phone', 'detail', 'region'].includes(name))
        form.setFields([{ name: name as keyof Values, errors: [shopperError(t, e)] }]);
      else message.error(shopperError(t, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={address ? l('编辑收货地址', 'Edit address') : l('新增收货地址', 'New address')}
      okText={l('保存', 'Save')}
      cancelText={l('取消', 'Cancel')}
      onOk={save}
      onCancel={onClose}
      confirmLoading={busy}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'address-save' } as never}
    >
      <Form form={form} layout="vertical" data-testid="address-form" onFinish={save}>
        <Form.Item
          name="name"
          label={l('收货人', 'Recipient')}
          rules={[
            {
              required: true,
              whitespace: true,
              max: 25,
              message: l('请填写收货人（最多 25 字）', 'Enter a name (at most 25 characters)'),
            },
          ]}
        >
          <Input data-testid="address-name" maxLength={25} />
        </Form.Item>
        <Form.Item
          name="phone"
          label={l('手机号码', 'Phone')}
          rules={[
            {
              required: true,
              pattern: PHONE,
              message: l(
                '请填写 11 位手机号或带区号的座机',
                'Enter a mobile number or a landline with area code',
              ),
            },
          ]}
        >
          <Input data-testid="address-phone" inputMode="tel" maxLength={13} />
        </Form.Item>
        <Form.Item
          name="region"
          label={l('所在地区', 'Region')}
          rules={[
            {
              required: true,
              type: 'array',
              len: 3,
              message: l('请选择省、市、区', 'Pick the province, city and district'),
            },
          ]}
        >
          <Cascader
            data-testid="address-region"
            options={divisions}
            fieldNames={{ label: 'name', value: 'code', children: 'children' }}
            placeholder={l('省 / 市 / 区', 'Province / city / district')}
            showSearch
          />
        </Form.Item>
        <Form.Item
          name="detail"
          label={l('详细地址', 'Street address')}
          rules={[
            {
              required: true,
              whitespace: true,
              min: 2,
              max: 120,
              message: l('请填写详细地址（2–120 字）', 'Enter the street address (2–120 characters)'),
            },
          ]}
        >
          <Input.TextArea data-testid="address-detail" rows={2} maxLength={120} />
        </Form.Item>
        <Form.Item name="isDefault" valuePropName="checked">
          <Checkbox data-testid="address-default">
            {l('设为默认地址', 'Make this my default address')}
          </Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}
