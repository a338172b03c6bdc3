import { Alert, App, Button, Card, Form, Input, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useI18n } from '../../app/i18n';
import { useAsync } from '../../app/useAsync';
import { type AuditLogEntry, Intent, opsApi, type Promotion } from '../ops-api';
import { fenOf, fmtTime, MoneyInput, money, useFailure, useMoneyRules } from '../shared';
import { describe } from './promotion-model';

interface GrantValues {
  email: string;
  amount: string;
  reason: string;
}

interface GrantAfter {
  customerId?: string;
  campaignId?: string;
  amount?: number;
  balance?: number;
}

/** 购物津贴: grant a shopper allowance (audited, with a reason) and read the grants made so far. */
export function AllowanceTab({ campaignId, promotions }: { campaignId: string; promotions: Promotion[] }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const fail = useFailure();
  const moneyRules = useMoneyRules();
  const [form] = Form.useForm<GrantValues>();
  const [saving, setSaving] = useState(false);
  const intent = useMemo(() => new Intent(), []);
  const grants = useAsync(
    () =>
      opsApi
        .audit({ action: 'allowance.grant', entityType: 'allowance_account', limit: 500 })
        .then((items) => items.filter((e) => e.entityId.endsWith(`:${campaignId}`))),
    [campaignId],
  );
  const { data: users } = useAsync(() => opsApi.users({ limit: 200 }).catch(() => []), [grants.data]);
  const who = (id: string | null | undefined) => {
    const u = users?.find((x) => x.id === id);
    // Name and email are the account's own (an address is not translated).
    return u ? (
      <span data-user-content>
        {u.displayName}（{u.email}）
      </span>
    ) : (
      t('audit.system')
    );
  };
  const rulesOfAllowance = promotions.filter((p) => p.type === 'allowance');

  const grant = async (v: GrantValues) => {
    setSaving(true);
    try {
      const account = await opsApi.grantAllowance(
        campaignId,
        { email: v.email.trim(), amount: fenOf(v.amount)!, reason: v.reason.trim() },
        intent,
      );
      intent.renew();
      message.success(t('allowance.granted', { email: v.email.trim(), balance: money(account.balance) }));
      form.resetFields();
      grants.reload();
    } catch (e) {
      fail(e, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="workbench-grid" data-testid="allowance-tab">
      <div>
        {rulesOfAllowance.length === 0 ? (
          <Alert type="warning" showIcon title={t('allowance.noRule')} style={{ marginBottom: 12 }} />
        ) : (
          <Typography.Paragraph>
            {t('allowance.rules')}：{rulesOfAllowance.map((p) => describe(p, t)).join(t('console.listSep'))}
          </Typography.Paragraph>
        )}
        <Typography.Title level={5}>{t('allowance.history')}</Typography.Title>
        <Table<AuditLogEntry>
          rowKey="id"
          size="small"
          loading={grants.loading}
          dataSource={grants.data ?? []}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          locale={{ emptyText: t('allowance.none') }}
          scroll={{ x: 640 }}
          columns={[
            { key: 'at', title: t('allowance.col.at'), width: 150, render: (_, e) => fmtTime(e.at) },
            {
              key: 'customer',
              title: t('allowance.col.customer'),
              render: (_, e) => who((e.after as GrantAfter)?.customerId),
            },
            {
              key: 'amount',
              title: t('allowance.col.amount'),
              render: (_, e) => money((e.after as GrantAfter)?.amount ?? 0),
            },
            {
              key: 'balance',
              title: t('allowance.col.balance'),
              render: (_, e) => money((e.after as GrantAfter)?.balance ?? 0),
            },
            { key: 'by', title: t('allowance.col.by'), render: (_, e) => who(e.actorId) },
            {
              key: 'reason',
              title: t('allowance.col.reason'),
              render: (_, e) => <span data-user-content>{e.reason}</span>,
            },
          ]}
        />
      </div>
      <Card title={t('allowance.grant')} size="small">
        <Form<GrantValues> form={form} layout="vertical" onFinish={grant} data-testid="allowance-form">
          <Form.Item
            name="email"
            label={t('allowance.email')}
            rules={[
              { required: true, message: t('form.required') },
              { type: 'email', message: t('allowance.email.invalid') },
            ]}
          >
            <Input data-testid="allowance-email" />
          </Form.Item>
          <Form.Item name="amount" label={t('allowance.amount')} rules={moneyRules(true)}>
            <MoneyInput testId="allowance-amount" />
          </Form.Item>
          <Form.Item
            name="reason"
            label={t('allowance.reason')}
            extra={t('allowance.reason.hint')}
            rules={[{ required: true, whitespace: true, message: t('users.reason.required') }, { max: 500 }]}
          >
            <Input.TextArea rows={2} data-testid="allowance-reason" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={saving} data-testid="allowance-submit">
            {t('allowance.grant')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
