import { EnvironmentOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Popconfirm, Skeleton, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { type Address, addressesApi, addressLine, isApiError, maskPhone } from '../api';
import { useI18n } from '../app/i18n';
import { useAsync } from '../app/useAsync';
import { useText } from '../merchant/format';
import { RequireRole } from '../orders/RequireRole';
import { AddressForm } from './AddressForm';
import { shopperError } from './errors';
import './shopper.css';

/** 收货地址: the shopper's address book, default first; add, edit, make default, delete. */
function AddressBook() {
  const { l } = useText();
  const { t } = useI18n();
  const { message } = App.useApp();
  const list = useAsync(() => addressesApi.list(), []);
  const [editing, setEditing] = useState<Address | null>(null);
  const [open, setOpen] = useState(false);

  const act = async (work: () => Promise<unknown>, done: string) => {
    try {
      await work();
      message.success(done);
      list.reload();
    } catch (e) {
      if (isApiError(e)) message.error(shopperError(t, e));
      else throw e;
    }
  };

  return (
    <div data-testid="addresses-page">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {l('收货地址', 'Shipping addresses')}
        </Typography.Title>
        <Button
          type="primary"
          icon={<PlusOutlined />}
          data-testid="address-add"
          onClick={() => {
            setEditing(null);
            setOpen(true);
          }}
        >
          {l('新增地址', 'Add address')}
        </Button>
      </Space>
      {list.error ? (
        <Alert
          type="error"
          showIcon
          title={isApiError(list.error) ? shopperError(t, list.error) : String(list.error)}
        />
      ) : !list.data ? (
        <Skeleton active />
      ) : list.data.length === 0 ? (
        <Empty description={l('还没有收货地址', 'No addresses yet')} />
      ) : (
        <div className="address-list">
          {list.data.map((a) => (
            <Card key={a.id} size="small" data-testid="address-card" data-default={a.isDefault}>
              <div className="address-head">
                <EnvironmentOutlined />
                <strong>{a.name}</strong>
                <span>{maskPhone(a.phone)}</span>
                {a.isDefault && <Tag color="orange">{l('默认', 'Default')}</Tag>}
              </div>
              <div className="address-line">{addressLine(a)}</div>
              <Space size={4} wrap style={{ marginTop: 8 }}>
                <Button
                  size="small"
                  data-testid="address-edit"
                  onClick={() => {
                    setEditing(a);
                    setOpen(true);
                  }}
                >
                  {l('编辑', 'Edit')}
                </Button>
                {!a.isDefault && (
                  <Button
                    size="small"
                    data-testid="address-make-default"
                    onClick={() =>
                      act(() => addressesApi.setDefault(a.id), l('已设为默认地址', 'Now your default'))
                    }
                  >
                    {l('设为默认', 'Make default')}
                  </Button>
                )}
                <Popconfirm
                  title={l('删除这个地址？', 'Delete this address?')}
                  okText={l('删除', 'Delete')}
                  cancelText={l('取消', 'Cancel')}
                  onConfirm={() => act(() => addressesApi.remove(a.id), l('已删除', 'Deleted'))}
                >
                  <Button size="small" danger data-testid="address-delete">
                    {l('删除', 'Delete')}
                  </Button>
                </Popconfirm>
              </Space>
            </Card>
          ))}
        </div>
      )}
      <AddressForm
        open={open}
        address={editing}
        onClose={() => setOpen(false)}
        onSaved={() => {
          setOpen(false);
          message.success(l('地址已保存', 'Address saved'));
          list.reload();
        }}
      />
    </div>
  );
}

export function AddressesPage() {
  return (
    <RequireRole allow="consumer">
      <AddressBook />
    </RequireRole>
  );
}

export default AddressesPage;
