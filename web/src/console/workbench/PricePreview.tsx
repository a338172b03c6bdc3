import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  InputNumber,
  List,
  Select,
  Space,
  Statistic,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { isApiError } from '../../api';
import { useI18n } from '../../app/i18n';
import { type Coupon, opsApi, type PricedCart, type Promotion } from '../ops-api';
import { fenOf, MoneyInput, money, useErrorText } from '../shared';

interface SampleLine {
  key: number;
  store: string;
  price: string;
  quantity: number;
}

const SAMPLE_A = 'sample-store-a';
const SAMPLE_B = 'sample-store-b';

/**
 * 试算: a sample cart priced through the engine (POST /api/pricing/quote) with the promotions
 * as the form holds them, saved or not, and the campaign's coupons. Re-priced on every change.
 */
export function PricePreview({
  promotions,
  coupons,
  at,
  stores,
  names,
}: {
  promotions: Promotion[];
  coupons: Coupon[];
  /** The moment to price at: the campaign's start when it is still ahead. */
  at: string;
  stores: { value: string; label: string }[];
  names: Record<string, string>;
}) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const [lines, setLines] = useState<SampleLine[]>([
    { key: 1, store: SAMPLE_A, price: '199', quantity: 1 },
    { key: 2, store: SAMPLE_B, price: '129', quantity: 1 },
  ]);
  const [holdCoupons, setHoldCoupons] = useState(true);
  const [allowance, setAllowance] = useState('50');
  const [priced, setPriced] = useState<PricedCart | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const storeOptions = [
    { value: SAMPLE_A, label: t('preview.storeA') },
    { value: SAMPLE_B, label: t('preview.storeB') },
    ...stores,
  ];
  const allPromotions = useMemo(
    () => [...promotions, ...coupons.map((c) => c.promotion as Promotion)],
    [promotions, coupons],
  );

  useEffect(() => {
    const usable = lines.filter((l) => (fenOf(l.price) ?? 0) > 0 && l.quantity > 0);
    if (usable.length === 0) {
      setPriced(null);
      return;
    }
    let stale = false;
    const timer = setTimeout(() => {
      opsApi
        .quote({
          currency: 'CNY',
          now: at,
          promotions: allPromotions,
          customer: {
            id: 'preview',
            coupons: holdCoupons ? coupons.map((c) => c.id) : [],
            allowanceBalance: fenOf(allowance) ?? 0,
          },
          lines: usable.map((l) => ({
            id: `line-${l.key}`,
            sku: `sample-sku-${l.key}`,
            store: l.store,
            unitPrice: fenOf(l.price) ?? 0,
            quantity: l.quantity,
          })),
        } as never)
        .then(
          (cart) => {
            if (stale) return;
            setPriced(cart);
            setProblem(null);
          },
          (e: unknown) => {
            if (stale) return;
            setPriced(null);
            setProblem(isApiError(e) && e.status < 500 ? errorText(e) : t('common.error'));
          },
        );
    }, 250);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [lines, allPromotions, holdCoupons, allowance, coupons, at, errorText, t]);

  const nameOf = (id: string) => names[id] ?? id;
  const update = (key: number, patch: Partial<SampleLine>) =>
    setLines((ls) => ls.map((l) => (l.key === key ? { ...l, ...patch } : l)));

  return (
    <Card title={t('preview.title')} size="small" data-testid="price-preview">
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('preview.hint')}
      </Typography.Paragraph>
      <Space direction="vertical" style={{ width: '100%' }}>
        {lines.map((l, i) => (
          <Space key={l.key} wrap>
            <Typography.Text>{t('preview.line', { n: i + 1 })}</Typography.Text>
            <Select
              value={l.store}
              style={{ width: 130 }}
              options={storeOptions}
              onChange={(store) => update(l.key, { store })}
              aria-label={t('preview.store')}
            />
            <MoneyInput
              value={l.price}
              onChange={(price) => update(l.key, { price })}
              testId={`preview-price-${i}`}
              width={110}
            />
            <InputNumber
              min={1}
              max={999}
              precision={0}
              value={l.quantity}
              onChange={(q) => update(l.key, { quantity: q ?? 1 })}
              aria-label={t('preview.quantity')}
              style={{ width: 70 }}
            />
            <Button
              type="text"
              icon={<DeleteOutlined />}
              onClick={() => setLines((ls) => ls.filter((x) => x.key !== l.key))}
            />
          </Space>
        ))}
        <Button
          type="dashed"
          icon={<PlusOutlined />}
          onClick={() =>
            setLines((ls) => [
              ...ls,
              { key: Math.max(0, ...ls.map((x) => x.key)) + 1, store: SAMPLE_A, price: '100', quantity: 1 },
            ])
          }
        >
          {t('preview.addLine')}
        </Button>
        <Checkbox checked={holdCoupons} onChange={(e) => setHoldCoupons(e.target.checked)}>
          {t('preview.coupons')}
        </Checkbox>
        <Space>
          <span>{t('preview.allowance')}</span>
          <MoneyInput value={allowance} onChange={setAllowance} />
        </Space>
      </Space>
      {problem && (
        <Alert
          type="warning"
          showIcon
          style={{ marginTop: 12 }}
          title={t('preview.invalid', { message: problem })}
        />
      )}
      {priced && (
        <div style={{ marginTop: 12 }}>
          <div className="preview-figures">
            <Statistic
              title={t('preview.subtotal')}
              value={money(priced.subtotal)}
              valueRender={() => <span data-testid="preview-subtotal">{money(priced.subtotal)}</span>}
            />
            <Statistic
              title={t('preview.discount')}
              value={money(priced.discount)}
              valueRender={() => <span data-testid="preview-discount">{money(priced.discount)}</span>}
            />
            <Statistic
              title={t('preview.total')}
              value={money(priced.total)}
              valueRender={() => <strong data-testid="preview-total">{money(priced.total)}</strong>}
            />
          </div>
          {priced.applied.length > 0 && (
            <List
              size="small"
              header={t('preview.applied')}
              dataSource={priced.applied}
              renderItem={(a) => (
                <List.Item data-testid="preview-applied" data-promotion={a.promotion}>
                  <Space>
                    <Tag>{t(`promo.layer.${a.layer}`)}</Tag>
                    {nameOf(a.promotion)}
                  </Space>
                  <span>-{money(a.amount)}</span>
                </List.Item>
              )}
            />
          )}
          {priced.notApplied.length > 0 && (
            <List
              size="small"
              header={t('preview.notApplied')}
              dataSource={priced.notApplied}
              renderItem={(n) => (
                <List.Item>
                  {nameOf(n.promotion)}
                  <Typography.Text type="secondary">
                    {t(`preview.reason.${n.reason}`, { shortBy: money(n.shortBy ?? 0) })}
                  </Typography.Text>
                </List.Item>
              )}
            />
          )}
          {priced.hints.length > 0 && (
            <List
              size="small"
              header={t('preview.hints')}
              dataSource={priced.hints}
              renderItem={(h) => (
                <List.Item data-testid="preview-hint">
                  {nameOf(h.promotion)}
                  <span>
                    {t('preview.hintText', { shortBy: money(h.shortBy), extraOff: money(h.extraOff) })}
                  </span>
                </List.Item>
              )}
            />
          )}
        </div>
      )}
    </Card>
  );
}
