import { Button, Form, InputNumber, Modal, Progress, Statistic, Table, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../app/i18n';
import { useAsync } from '../../app/useAsync';
import { opsApi, type Promotion, type PromotionBudget } from '../ops-api';
import { fenOf, fenToInput, MoneyInput, money, useFailure, useMoneyRules } from '../shared';
import { describe } from './promotion-model';

/** Spent as a percentage of the budget, to one decimal (a first order on a big budget shows). */
const burn = (spent: number, budget: number) => Math.min(100, Math.round((spent * 1000) / budget) / 10);

interface Row {
  promotion: Promotion;
  budget: PromotionBudget | undefined;
}

interface BudgetValues {
  budgetAmount?: string;
  maxUses?: number | null;
  perCustomerUses?: number | null;
}

/** 预算: every promotion and coupon of the campaign with its money cap, what it burnt and its uses. */
export function BudgetsTab({ campaignId, promotions }: { campaignId: string; promotions: Promotion[] }) {
  const { t } = useI18n();
  const fail = useFailure();
  const moneyRules = useMoneyRules();
  const budgets = useAsync(() => opsApi.budgets(campaignId), [campaignId]);
  const [editing, setEditing] = useState<Row | null>(null);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<BudgetValues>();

  const rows: Row[] = promotions
    .filter((p) => p.layer !== 'item')
    .map((p) => ({ promotion: p, budget: budgets.data?.find((b) => b.promotionId === p.id) }));
  const totalBudget = rows.reduce((s, r) => s + (r.budget?.budgetAmount ?? 0), 0);
  const totalSpent = rows.reduce((s, r) => s + (r.budget?.spentAmount ?? 0), 0);

  const save = async (v: BudgetValues) => {
    if (!editing) return;
    setSaving(true);
    try {
      await opsApi.setBudget(editing.promotion.id, {
        campaignId,
        budgetAmount: fenOf(v.budgetAmount) ?? null,
        maxUses: v.maxUses ?? null,
        perCustomerUses: v.perCustomerUses ?? null,
      });
      setEditing(null);
      budgets.reload();
    } catch (e) {
      fail(e, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <div data-testid="budgets-tab">
      <div style={{ display: 'flex', gap: 32, marginBottom: 16, flexWrap: 'wrap' }}>
        <Statistic title={t('budget.col.budget')} value={money(totalBudget)} />
        <Statistic title={t('budget.col.spent')} value={money(totalSpent)} />
        <div style={{ minWidth: 240 }}>
          <Typography.Text type="secondary">{t('budget.col.burn')}</Typography.Text>
          <Progress percent={totalBudget ? burn(totalSpent, totalBudget) : 0} />
        </div>
      </div>
      <Table<Row>
        rowKey={(r) => r.promotion.id}
        size="small"
        loading={budgets.loading}
        dataSource={rows}
        pagination={false}
        locale={{ emptyText: t('budget.none') }}
        scroll={{ x: 720 }}
        columns={[
          {
            key: 'promotion',
            title: t('budget.col.promotion'),
            render: (_, r) => (
              <div data-testid="budget-row" data-promotion={r.promotion.id}>
                {t(`promo.type.${r.promotion.type}`)} · {describe(r.promotion, t)}
              </div>
            ),
          },
          {
            key: 'budget',
            title: t('budget.col.budget'),
            render: (_, r) =>
              r.budget?.budgetAmount != null ? money(r.budget.budgetAmount) : t('budget.unlimited'),
          },
          { key: 'spent', title: t('budget.col.spent'), render: (_, r) => money(r.budget?.spentAmount ?? 0) },
          {
            key: 'burn',
            title: t('budget.col.burn'),
            width: 200,
            render: (_, r) =>
              r.budget?.budgetAmount ? (
                <div>
                  <Progress
                    size="small"
                    percent={burn(r.budget.spentAmount, r.budget.budgetAmount)}
                    status={r.budget.remainingAmount === 0 ? 'exception' : 'active'}
                  />
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('budget.remaining', { amount: money(r.budget.remainingAmount ?? 0) })}
                  </Typography.Text>
                </div>
              ) : (
                '—'
              ),
          },
          {
            key: 'uses',
            title: t('budget.col.uses'),
            render: (_, r) => `${r.budget?.uses ?? 0} / ${r.budget?.maxUses ?? t('budget.unlimited')}`,
          },
          {
            key: 'per',
            title: t('budget.col.perCustomer'),
            render: (_, r) => r.budget?.perCustomerUses ?? t('budget.unlimited'),
          },
          {
            key: 'actions',
            title: t('console.col.actions'),
            render: (_, r) => (
              <Button
                type="link"
                size="small"
                data-testid={`budget-set-${r.promotion.id}`}
                onClick={() => {
                  setEditing(r);
                  form.setFieldsValue({
                    budgetAmount:
                      r.budget?.budgetAmount != null ? fenToInput(r.budget.budgetAmount) : undefined,
                    maxUses: r.budget?.maxUses ?? null,
                    perCustomerUses: r.budget?.perCustomerUses ?? null,
                  });
                }}
              >
                {t('budget.set')}
              </Button>
            ),
          },
        ]}
      />
      <Modal
        open={editing !== null}
        title={t('budget.set')}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        confirmLoading={saving}
        okButtonProps={{ 'data-testid': 'budget-ok' } as never}
        destroyOnHidden
      >
        <Form<BudgetValues> form={form} layout="vertical" onFinish={save}>
          <Form.Item
            name="budgetAmount"
            label={t('budget.amount')}
            extra={t('budget.amount.hint')}
            rules={moneyRules(false, false)}
          >
            <MoneyInput testId="budget-amount" />
          </Form.Item>
          <Form.Item name="maxUses" label={t('budget.maxUses')}>
            <InputNumber min={0} max={1_000_000_000} precision={0} />
          </Form.Item>
          <Form.Item name="perCustomerUses" label={t('budget.perCustomerUses')}>
            <InputNumber min={1} max={1_000_000} precision={0} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
