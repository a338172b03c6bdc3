import { Button, DatePicker, Descriptions, Drawer, Form, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { type MessageKey, useI18n } from '../../app/i18n';
import { zhCN } from '../../app/i18n/zh-CN';
import { useAsync } from '../../app/useAsync';
import { type AuditLogEntry, type AuditQuery, opsApi } from '../ops-api';
import { fmtTime, isoOf } from '../shared';

const ACTIONS = [
  'charity.register',
  'charity.verify',
  'charity.reject',
  'charity.project.create',
  'charity.project.status',
  'charity.item.set',
  'charity.item.clear',
  'charity.disburse',
  'flash_sale.paused',
  'store.add_member',
  'store.update',
  'webhook.endpoint.create',
  'allowance.grant',
  'api_key.create',
  'api_key.revoke',
  'auth.login_failed',
  'campaign.after_sale.set',
  'campaign.create',
  'campaign.update',
  'campaign.in_review',
  'campaign.published',
  'campaign.live',
  'campaign.ended',
  'campaign.draft',
  'campaign.cancelled',
  'coupon.create',
  'coupon.generate_codes',
  'enrollment.set_rules',
  'flash_sale.create',
  'nomination.approved',
  'nomination.rejected',
  'nomination.price_lowered',
  'promotion.set_budget',
  'refund.approve',
  'refund.reject',
  'sku.price.change',
  'sku.stock.adjust',
  'store.create',
  'store.set_rating',
  'user.password_change',
  'user.set_role',
  'wallet.demo_credit',
];

const ENTITY_TYPES = [
  'promotion',
  'top_up',
  'charity',
  'charity_project',
  'wallet',
  'sku',
  'series',
  'webhook_endpoint',
  'campaign',
  'user',
  'store',
  'coupon',
  'allowance_account',
  'nomination',
  'refund',
  'flash_sale_slot',
  'api_key',
];

interface Filters {
  action?: string;
  entityType?: string;
  actorId?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

/** 审计日志: privileged actions, newest first, filtered by action, object, actor and time; a drawer shows before/after. */
export function AuditPage() {
  const { t } = useI18n();
  const [form] = Form.useForm<Filters>();
  const [query, setQuery] = useState<AuditQuery>({ limit: 100 });
  const [limit, setLimit] = useState(100);
  const [open, setOpen] = useState<AuditLogEntry | null>(null);
  const entries = useAsync(() => opsApi.audit({ ...query, limit }), [query, limit]);
  const { data: users } = useAsync(() => opsApi.users({ limit: 200 }).catch(() => []), []);
  const who = (id: string | null) => {
    if (!id) return t('audit.system');
    const u = users?.find((x) => x.id === id);
    return u ? u.displayName : id;
  };
  const actionLabel = (action: string) => {
    const key = `audit.act.${action}` as MessageKey;
    return key in zhCN ? t(key) : <code>{action}</code>;
  };
  const entityLabel = (type: string) => {
    const key = `audit.entity.${type}` as MessageKey;
    return key in zhCN ? t(key) : <code>{type}</code>;
  };

  const search = (f: Filters) => {
    setLimit(100);
    setQuery({
      ...(f.action ? { action: f.action } : {}),
      ...(f.entityType ? { entityType: f.entityType } : {}),
      ...(f.actorId ? { actorId: f.actorId } : {}),
      ...(f.range?.[0] ? { from: isoOf(f.range[0]) } : {}),
      ...(f.range?.[1] ? { to: isoOf(f.range[1]) } : {}),
      limit: 100,
    });
  };

  return (
    <div data-testid="audit-page">
      <Typography.Title level={3}>{t('audit.title')}</Typography.Title>
      <Form<Filters> form={form} layout="inline" onFinish={search} style={{ marginBottom: 12, rowGap: 8 }}>
        <Form.Item name="action" label={t('audit.action')}>
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            style={{ width: 180 }}
            data-testid="audit-action"
            options={ACTIONS.map((a) => ({ value: a, label: actionLabel(a) }))}
          />
        </Form.Item>
        <Form.Item name="entityType" label={t('audit.entityType')}>
          <Select
            allowClear
            style={{ width: 150 }}
            data-testid="audit-entity-type"
            options={ENTITY_TYPES.map((e) => ({ value: e, label: entityLabel(e) }))}
          />
        </Form.Item>
        <Form.Item name="actorId" label={t('audit.actor')}>
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            style={{ width: 180 }}
            options={(users ?? [])
              .filter((u) => u.role === 'operator' || u.role === 'merchant' || u.role === 'organizer')
              .map((u) => ({ value: u.id, label: u.displayName }))}
          />
        </Form.Item>
        <Form.Item name="range" label={t('audit.range')}>
          <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" allowEmpty />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" data-testid="audit-search">
            {t('audit.search')}
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              search({});
            }}
          >
            {t('audit.reset')}
          </Button>
        </Space>
      </Form>
      <Table<AuditLogEntry>
        rowKey="id"
        size="small"
        loading={entries.loading}
        dataSource={entries.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 800 }}
        onRow={(e) => ({ onClick: () => setOpen(e), style: { cursor: 'pointer' } })}
        columns={[
          { key: 'at', title: t('audit.col.at'), width: 150, render: (_, e) => fmtTime(e.at) },
          {
            key: 'actor',
            title: t('audit.col.actor'),
            render: (_, e) => <span data-user-content>{who(e.actorId)}</span>,
          },
          {
            key: 'action',
            title: t('audit.col.action'),
            render: (_, e) => (
              <span data-testid="audit-row" data-action={e.action} title={e.action}>
                {actionLabel(e.action)}
              </span>
            ),
          },
          {
            key: 'entity',
            title: t('audit.col.entity'),
            render: (_, e) => <Tag>{entityLabel(e.entityType)}</Tag>,
          },
          {
            key: 'reason',
            title: t('audit.col.reason'),
            render: (_, e) => <span data-user-content>{e.reason}</span>,
          },
        ]}
      />
      {(entries.data?.length ?? 0) >= limit && (
        <Button onClick={() => setLimit((l) => Math.min(500, l + 100))}>{t('audit.more')}</Button>
      )}
      <Drawer open={open !== null} onClose={() => setOpen(null)} title={t('audit.detail')} size="large">
        {open && (
          <div data-user-content>
            <Descriptions column={1} size="small" bordered>
              <Descriptions.Item label={t('audit.col.at')}>{fmtTime(open.at)}</Descriptions.Item>
              <Descriptions.Item label={t('audit.col.actor')}>{who(open.actorId)}</Descriptions.Item>
              <Descriptions.Item label={t('audit.via')}>
                {open.credentialKind ? t(`audit.via.${open.credentialKind}`) : t('audit.system')}
              </Descriptions.Item>
              <Descriptions.Item label={t('audit.ip')}>{open.ip ?? ''}</Descriptions.Item>
              <Descriptions.Item label={t('audit.col.action')}>
                {actionLabel(open.action)} <code>{open.action}</code>
              </Descriptions.Item>
              <Descriptions.Item label={t('audit.col.entity')}>
                {entityLabel(open.entityType)} <code>{open.entityId}</code>
              </Descriptions.Item>
              <Descriptions.Item label={t('audit.col.reason')}>{open.reason ?? ''}</Descriptions.Item>
            </Descriptions>
            <Typography.Title level={5} style={{ marginTop: 16 }}>
              {t('audit.before')}
            </Typography.Title>
            <pre className="audit-json">{JSON.stringify(open.before, null, 2)}</pre>
            <Typography.Title level={5}>{t('audit.after')}</Typography.Title>
            <pre className="audit-json">{JSON.stringify(open.after, null, 2)}</pre>
          </div>
        )}
      </Drawer>
    </div>
  );
}
