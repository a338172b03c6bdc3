import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Radio, Skeleton, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { type Address, addressesApi, addressLine, maskPhone } from '../api';
import { useAsync } from '../app/useAsync';
import { useText } from '../merchant/format';
import { AddressForm } from './AddressForm';
import './shopper.css';

/** 选择收货地址 at checkout: the default preselected; a new one can be added on the spot. */
export function AddressPicker({
  value,
  onChange,
}: {
  value: string | null;
  onChange: (id: string | null) => void;
}) {
  const { l } = useText();
  const list = useAsync(() => addressesApi.list(), []);
  const [open, setOpen] = useState(false);
  const items: Address[] = list.data ?? [];

  useEffect(() => {
    if (value || items.length === 0) return;
    onChange((items.find((a) => a.isDefault) ?? items[0])!.id);
  }, [items, value, onChange]);

  return (
    <Card
      size="small"
      title={l('收货地址', 'Ship to')}
      data-testid="address-picker"
      style={{ marginBottom: 16 }}
    >
      {!list.data ? (
        <Skeleton active paragraph={{ rows: 1 }} />
      ) : (
        <>
          {items.length === 0 && (
            <Typography.Paragraph type="secondary">
              {l('还没有收货地址，请先新增一个', 'No address yet: add one first')}
            </Typography.Paragraph>
          )}
          <Radio.Group value={value} onChange={(e) => onChange(e.target.value)} style={{ width: '100%' }}>
            {items.map((a) => (
              <Radio key={a.id} value={a.id} className="address-option">
                <span className="address-head" data-testid="address-option" data-address={a.id}>
                  <strong>{a.name}</strong>
                  <span>{maskPhone(a.phone)}</span>
                  {a.isDefault && <Tag color="orange">{l('默认', 'Default')}</Tag>}
                </span>
                <span className="address-line">{addressLine(a)}</span>
              </Radio>
            ))}
          </Radio.Group>
          <Button type="link" icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="address-add">
            {l('新增地址', 'Add address')}
          </Button>
        </>
      )}
      <AddressForm
        open={open}
        address={null}
        onClose={() => setOpen(false)}
        onSaved={(a) => {
          setOpen(false);
          onChange(a.id);
          list.reload();
        }}
      />
    </Card>
  );
}
