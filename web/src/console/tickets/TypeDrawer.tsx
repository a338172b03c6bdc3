import { Button, DatePicker, Drawer, Form, Input, InputNumber, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { Intent } from '../../api/intent';
import { useI18n } from '../../app/i18n';
import { isoToWallClock, wallClockToIso } from '../../app/time';
import { fenOf, fenToInput, MoneyInput, useMoneyRules } from '../shared';
import { type TicketSetup, type TicketType, type TicketTypeDraft, ticketsConsoleApi } from './api';
import { EVENT_TZ, useTicketFailure } from './shared';

const ROLES = ['consumer', 'merchant', 'partner', 'organizer', 'operator'] as const;
type Role = (typeof ROLES)[number];

interface TypeFormValues {
  name: { 'zh-CN': string; 'en-US': string };
  description?: { 'zh-CN'?: string; 'en-US'?: string };
  price: string;
  saleStartsAt?: Dayjs | null;
  saleEndsAt?: Dayjs | null;
  maxPerOrder: number;
  maxPerAccount?: number | null;
  visibility: 'public' | 'hidden';
  audience: 'anyone' | 'merchants' | 'roles';
  audienceRoles?: Role[];
  addonOf?: string[];
  position: number;
}

const valuesOf = (ty: TicketType | null): TypeFormValues =>
  ty
    ? {
        name: ty.name,
        description: ty.description,
        price: fenToInput(ty.price),
        saleStartsAt: ty.saleStartsAt ? isoToWallClock(ty.saleStartsAt, EVENT_TZ) : null,
        saleEndsAt: ty.saleEndsAt ? isoToWallClock(ty.saleEndsAt, EVENT_TZ) : null,
        maxPerOrder: ty.maxPerOrder,
        maxPerAccount: ty.maxPerAccount,
        visibility: ty.visibility,
        audience: ty.audience,
        audienceRoles: ty.audienceRoles as Role[],
        addonOf: ty.addonOf,
        position: ty.position,
      }
    : {
        name: { 'zh-CN': '', 'en-US': '' },
        price: '',
        maxPerOrder: 10,
        visibility: 'public',
        audience: 'anyone',
        audienceRoles: [],
        addonOf: [],
        position: 0,
      };

/** The type's settings as the server's draft: yuan → fen, wall-clock times in the event's zone. */
function draftOf(v: TypeFormValues): TicketTypeDraft {
  return {
    name: { 'zh-CN': v.name['zh-CN'].trim(), 'en-US': v.name['en-US'].trim() },
    description: { 'zh-CN': v.description?.['zh-CN'] ?? '', 'en-US': v.description?.['en-US'] ?? '' },
    price: fenOf(v.price) ?? 0,
    saleStartsAt: v.saleStartsAt ? wallClockToIso(v.saleStartsAt, EVENT_TZ) : null,
    saleEndsAt: v.saleEndsAt ? wallClockToIso(v.saleEndsAt, EVENT_TZ) : null,
    maxPerOrder: v.maxPerOrder,
    maxPerAccount: v.maxPerAccount ?? null,
    visibility: v.visibility,
    audience: v.audience,
    audienceRoles: v.audience === 'roles' ? (v.audienceRoles ?? []) : [],
    addonOf: v.addonOf ?? [],
    position: v.position ?? 0,
  };
}

/** 新建 / 编辑票种: the form mirrors the server's rules so most mistakes never leave the page. */
export function TypeDrawer({
  eventId,
  setup,
  editing,
  open,
  onClose,
  onSaved,
}: {
  eventId: string;
  setup: TicketSetup;
  /** The type being edited; null for a new one. */
  editing: TicketType | null;
  open: boolean;
  onClose(): void;
  onSaved(): void;
}) {
  const { t, pick } = useI18n();
  const fail = useTicketFailure();
  const moneyRules = useMoneyRules();
  const [form] = Form.useForm<TypeFormValues>();
  const [saving, setSaving] = useState(false);
  const intent = useMemo(() => new Intent(), []);
  const audience = Form.useWatch('audience', form);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(valuesOf(editing));
    intent.renew();
  }, [open, editing, form, intent]);

  const submit = async (v: TypeFormValues) => {
    setSaving(true);
    try {
      const draft = draftOf(v);
      if (editing) await ticketsConsoleApi.updateType(editing.id, draft);
      else await ticketsConsoleApi.createType(eventId, draft, intent);
      onSaved();
    } catch (e) {
      fail(e, form);
    } finally {
      setSaving(false);
    }
  };

  const required = { required: true, message: t('form.required') };
  const whole = (min: number, max: number) => ({
    type: 'integer' as const,
    min,
    max,
    message: t('tcon.wholeBetween', { min, max }),
  });
  const parents = setup.types.filter((ty) => ty.id !== editing?.id);

  return (
    <Drawer
      open={open}
      onClose={onClose}
      size="large"
      title={editing ? t('tcon.type.edit') : t('tcon.type.new')}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('tcon.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="type-save">
            {t('tcon.save')}
          </Button>
        </Space>
      }
    >
      <Form form={form} layout="vertical" onFinish={submit} data-testid="type-form">
        <Form.Item
          name={['name', 'zh-CN']}
          label={t('tcon.type.nameZh')}
          rules={[required, { max: 200, whitespace: true, message: t('tcon.max200') }]}
        >
          <Input data-testid="type-name-zh" />
        </Form.Item>
        <Form.Item
          name={['name', 'en-US']}
          label={t('tcon.type.nameEn')}
          rules={[required, { max: 200, whitespace: true, message: t('tcon.max200') }]}
        >
          <Input data-testid="type-name-en" lang="en" />
        </Form.Item>
        <Form.Item
          name="price"
          label={t('tcon.type.price')}
          extra={t('tcon.type.priceHint')}
          rules={[
            ...moneyRules(true, false),
            {
              validator: async (_: unknown, v: string | undefined) => {
                if ((fenOf(v) ?? 0) > 100_000_000) throw new Error(t('tcon.type.priceMax'));
              },
            },
          ]}
        >
          <MoneyInput testId="type-price" />
        </Form.Item>
        <Space size="large" wrap>
          <Form.Item name="saleStartsAt" label={t('tcon.type.saleStartsAt')} extra={t('tcon.tzHint')}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
          </Form.Item>
          <Form.Item
            name="saleEndsAt"
            label={t('tcon.type.saleEndsAt')}
            dependencies={['saleStartsAt']}
            rules={[
              ({ getFieldValue }) => ({
                validator: async (_: unknown, end: Dayjs | null | undefined) => {
                  const start = getFieldValue('saleStartsAt') as Dayjs | null | undefined;
                  if (start && end && !end.isAfter(start)) throw new Error(t('tcon.type.endAfterStart'));
                },
              }),
            ]}
          >
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
          </Form.Item>
        </Space>
        <Space size="large" wrap>
          <Form.Item name="maxPerOrder" label={t('tcon.type.maxPerOrder')} rules={[required, whole(1, 100)]}>
            <InputNumber min={1} max={100} precision={0} data-testid="type-max-order" />
          </Form.Item>
          <Form.Item
            name="maxPerAccount"
            label={t('tcon.type.maxPerAccount')}
            extra={t('tcon.type.noLimitHint')}
            rules={[whole(1, 1000)]}
          >
            <InputNumber min={1} max={1000} precision={0} />
          </Form.Item>
          <Form.Item name="position" label={t('tcon.type.position')} rules={[whole(0, 1000)]}>
            <InputNumber min={0} max={1000} precision={0} />
          </Form.Item>
        </Space>
        <Form.Item name="visibility" label={t('tcon.type.visibility')} extra={t('tcon.type.hiddenHint')}>
          <Select
            options={(['public', 'hidden'] as const).map((v) => ({
              value: v,
              label: t(`tcon.visibility.${v}`),
            }))}
          />
        </Form.Item>
        <Form.Item name="audience" label={t('tcon.type.audience')}>
          <Select
            data-testid="type-audience"
            options={(['anyone', 'merchants', 'roles'] as const).map((v) => ({
              value: v,
              label: t(`tcon.audience.${v}`),
            }))}
          />
        </Form.Item>
        {audience === 'roles' && (
          <Form.Item
            name="audienceRoles"
            label={t('tcon.type.audienceRoles')}
            rules={[{ required: true, type: 'array', min: 1, message: t('tcon.type.pickRole') }]}
          >
            <Select mode="multiple" options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
          </Form.Item>
        )}
        <Form.Item name="addonOf" label={t('tcon.type.addonOf')} extra={t('tcon.type.addonHint')}>
          <Select
            mode="multiple"
            allowClear
            options={parents.map((ty) => ({ value: ty.id, label: pick(ty.name) }))}
          />
        </Form.Item>
        <Form.Item
          name={['description', 'zh-CN']}
          label={t('tcon.type.descriptionZh')}
          rules={[{ max: 2000, message: t('tcon.max2000') }]}
        >
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item
          name={['description', 'en-US']}
          label={t('tcon.type.descriptionEn')}
          rules={[{ max: 2000, message: t('tcon.max2000') }]}
        >
          <Input.TextArea rows={2} lang="en" />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
