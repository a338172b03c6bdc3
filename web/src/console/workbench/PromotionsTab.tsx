import { PlusOutlined } from '@ant-design/icons';
import { Button, Empty, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useI18n } from '../../app/i18n';
import type { Coupon, EnrollmentRules, Promotion } from '../ops-api';
import { PricePreview } from './PricePreview';
import { PromotionDrawer } from './PromotionDrawer';
import { describe, type PromotionFormValues, toFormValues, toPromotion, windowText } from './promotion-model';

/**
 * 营销玩法: the campaign's promotions of every layer (单品, 店铺, 跨店满减, 平台/购物津贴), edited in
 * a drawer and saved with the enrollment rules (one versioned document), beside a live preview.
 */
export function PromotionsTab({
  rules,
  coupons,
  at,
  stores,
  saving,
  onSave,
}: {
  rules: EnrollmentRules;
  coupons: Coupon[];
  at: string;
  stores: { value: string; label: string }[];
  saving: boolean;
  onSave(promotions: Promotion[], requiredPromotionIds: string[]): Promise<boolean>;
}) {
  const { t } = useI18n();
  const [promotions, setPromotions] = useState<Promotion[]>(rules.promotions);
  const [required, setRequired] = useState<string[]>(rules.requiredPromotionIds);
  const [editing, setEditing] = useState<PromotionFormValues | null>(null);
  const [open, setOpen] = useState(false);

  // A save (or a reload after a conflict) brings the server's list back.
  useEffect(() => {
    setPromotions(rules.promotions);
    setRequired(rules.requiredPromotionIds);
  }, [rules]);

  const dirty =
    JSON.stringify(promotions) !== JSON.stringify(rules.promotions) ||
    JSON.stringify(required) !== JSON.stringify(rules.requiredPromotionIds);

  const names = useMemo(() => {
    const out: Record<string, string> = {};
    for (const p of promotions) out[p.id] = `${t(`promo.type.${p.type}`)} ${describe(p, t)}`;
    for (const c of coupons)
      out[c.id] = `${t(`promo.type.${c.promotion.type}`)} ${describe(c.promotion as Promotion, t)}`;
    return out;
  }, [promotions, coupons, t]);

  const done = (v: PromotionFormValues) => {
    const p = toPromotion(v);
    setPromotions((ps) =>
      ps.some((x) => x.id === p.id) ? ps.map((x) => (x.id === p.id ? p : x)) : [...ps, p],
    );
    setRequired((r) => {
      const without = r.filter((id) => id !== p.id);
      return v.required && p.layer !== 'platform' ? [...without, p.id] : without;
    });
    setOpen(false);
  };

  return (
    <div className="workbench-grid" data-testid="promotions-tab">
      <div>
        <Space style={{ marginBottom: 12 }}>
          <Button
            icon={<PlusOutlined />}
            onClick={() => {
              setEditing(null);
              setOpen(true);
            }}
            data-testid="promo-add"
          >
            {t('promo.add')}
          </Button>
          <Button
            type="primary"
            disabled={!dirty}
            loading={saving}
            onClick={() => onSave(promotions, required)}
            data-testid="promo-save"
          >
            {t('promo.save')}
          </Button>
        </Space>
        <Table<Promotion>
          rowKey="id"
          size="small"
          dataSource={promotions}
          pagination={false}
          locale={{ emptyText: <Empty description={t('promo.empty')} /> }}
          scroll={{ x: 640 }}
          columns={[
            {
              key: 'name',
              title: t('promo.col.name'),
              render: (_, p) => (
                <div data-testid="promo-row" data-promotion={p.id}>
                  <div>{t(`promo.type.${p.type}`)}</div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }} data-user-content>
                    {p.id}
                  </Typography.Text>
                </div>
              ),
            },
            {
              key: 'layer',
              title: t('promo.col.layer'),
              render: (_, p) => <Tag>{t(`promo.layer.${p.layer}`)}</Tag>,
            },
            { key: 'rule', title: t('promo.col.rule'), render: (_, p) => describe(p, t) },
            { key: 'window', title: t('promo.col.window'), render: (_, p) => windowText(p, t) },
            {
              key: 'required',
              title: t('promo.col.required'),
              render: (_, p) =>
                required.includes(p.id) ? <Tag color="orange">{t('promo.col.required')}</Tag> : null,
            },
            {
              key: 'actions',
              title: t('console.col.actions'),
              render: (_, p) => (
                <Space>
                  <Button
                    type="link"
                    size="small"
                    onClick={() => {
                      setEditing(toFormValues(p, required.includes(p.id)));
                      setOpen(true);
                    }}
                  >
                    {t('console.edit')}
                  </Button>
                  <Popconfirm
                    title={t('promo.removeConfirm')}
                    onConfirm={() => {
                      setPromotions((ps) => ps.filter((x) => x.id !== p.id));
                      setRequired((r) => r.filter((id) => id !== p.id));
                    }}
                  >
                    <Button type="link" size="small" danger>
                      {t('promo.remove')}
                    </Button>
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
      </div>
      <PricePreview promotions={promotions} coupons={coupons} at={at} stores={stores} names={names} />
      <PromotionDrawer
        open={open}
        initial={editing}
        takenIds={[...promotions.map((p) => p.id), ...coupons.map((c) => c.id)].filter(
          (id) => id !== editing?.id,
        )}
        stores={stores}
        onClose={() => setOpen(false)}
        onDone={done}
      />
    </div>
  );
}
