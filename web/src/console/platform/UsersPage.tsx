import { App, Button, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../app/i18n';
import { useAsync } from '../../app/useAsync';
import { opsApi, type Role, type User } from '../ops-api';
import { fmtTime, useFailure } from '../shared';

const ROLES: Role[] = ['consumer', 'merchant', 'operator', 'organizer', 'partner'];
const ROLE_COLORS: Record<Role, string> = {
  consumer: 'default',
  merchant: 'blue',
  operator: 'red',
  organizer: 'purple',
  partner: 'cyan',
};

interface RoleValues {
  role: Role;
  reason: string;
  currentPassword: string;
}

/** 用户与角色: every account, filtered by role or searched; change one role or many, with a reason. */
export function UsersPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const fail = useFailure();
  const [role, setRole] = useState<Role | undefined>();
  const [q, setQ] = useState('');
  const [selected, setSelected] = useState<string[]>([]);
  const [target, setTarget] = useState<string[] | null>(null);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<RoleValues>();
  const users = useAsync(() => opsApi.users({ role, q: q || undefined, limit: 200 }), [role, q]);

  const change = async (v: RoleValues) => {
    if (!target) return;
    setSaving(true);
    let done = 0;
    try {
      for (const id of target) {
        await opsApi.setRole(id, {
          role: v.role,
          reason: v.reason.trim(),
          currentPassword: v.currentPassword,
        });
        done++;
      }
      message.success(t('users.changed', { n: done }));
      setTarget(null);
      setSelected([]);
    } catch (e) {
      fail(e, form);
    } finally {
      setSaving(false);
      users.reload();
    }
  };

  const open = (ids: string[], current?: Role) => {
    form.resetFields();
    if (current) form.setFieldsValue({ role: current });
    setTarget(ids);
  };

  return (
    <div data-testid="users-page">
      <Typography.Title level={3}>{t('users.title')}</Typography.Title>
      <Space style={{ marginBottom: 12 }} wrap>
        <Select<Role | 'all'>
          style={{ width: 150 }}
          value={role ?? 'all'}
          onChange={(v) => setRole(v === 'all' ? undefined : v)}
          data-testid="users-role-filter"
          options={[
            { value: 'all', label: t('users.allRoles') },
            ...ROLES.map((r) => ({ value: r, label: t(`users.role.${r}`) })),
          ]}
        />
        <Input.Search
          allowClear
          placeholder={t('users.search')}
          onSearch={setQ}
          style={{ width: 240 }}
          data-testid="users-search"
        />
        <Button disabled={selected.length === 0} onClick={() => open(selected)} data-testid="users-bulk">
          {t('users.bulkRole')}
        </Button>
        {selected.length > 0 && (
          <Typography.Text type="secondary">{t('users.selected', { n: selected.length })}</Typography.Text>
        )}
      </Space>
      <Table<User>
        rowKey="id"
        size="middle"
        loading={users.loading}
        dataSource={users.data ?? []}
        rowSelection={{ selectedRowKeys: selected, onChange: (k) => setSelected(k as string[]) }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 720 }}
        columns={[
          {
            key: 'user',
            title: t('users.col.user'),
            render: (_, u) => (
              <div data-testid="user-row" data-email={u.email}>
                <div data-user-content>{u.displayName}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }} data-user-content>
                  {u.email}
                </Typography.Text>
              </div>
            ),
          },
          {
            key: 'role',
            title: t('users.col.role'),
            render: (_, u) => (
              <Space>
                <Tag color={ROLE_COLORS[u.role]}>{t(`users.role.${u.role}`)}</Tag>
                {u.mustChangePassword && <Tag color="warning">{t('users.mustChange')}</Tag>}
              </Space>
            ),
          },
          {
            key: 'locale',
            title: t('users.col.locale'),
            render: (_, u) => t(u.locale === 'en-US' ? 'users.locale.en' : 'users.locale.zh'),
          },
          { key: 'created', title: t('users.col.created'), render: (_, u) => fmtTime(u.createdAt) },
          {
            key: 'actions',
            title: t('console.col.actions'),
            render: (_, u) => (
              <Button type="link" size="small" onClick={() => open([u.id], u.role)}>
                {t('users.changeRole')}
              </Button>
            ),
          },
        ]}
      />
      <Modal
        open={target !== null}
        title={target && target.length > 1 ? t('users.bulkRole') : t('users.changeRole')}
        onCancel={() => setTarget(null)}
        onOk={() => form.submit()}
        confirmLoading={saving}
        destroyOnHidden
      >
        <Form<RoleValues> form={form} layout="vertical" onFinish={change} data-testid="role-form">
          <Form.Item
            name="role"
            label={t('users.newRole')}
            rules={[{ required: true, message: t('form.required') }]}
          >
            <Select options={ROLES.map((r) => ({ value: r, label: t(`users.role.${r}`) }))} />
          </Form.Item>
          <Form.Item
            name="reason"
            label={t('users.reason')}
            rules={[{ required: true, whitespace: true, message: t('users.reason.required') }, { max: 500 }]}
          >
            <Input.TextArea rows={2} />
          </Form.Item>
          <Form.Item
            name="currentPassword"
            label={t('users.password')}
            extra={t('users.password.hint')}
            rules={[{ required: true, message: t('form.required') }]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
