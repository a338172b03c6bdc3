import { Alert, Form, Input, InputNumber, Modal, Select } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Intent } from '../../api/intent';
import { useI18n } from '../../app/i18n';
import { type QuotaDraft, type TicketQuota, type TicketSetup, ticketsConsoleApi } from './api';
import { useTicketFailure } from './shared';

/**
 * 新建配额 / 调整配额. The server refuses a size below held + sold (that check is its own: a
 * sale may land between this page's read and the write), so the page says the floor but lets the
 * server decide; raising says how many waiting-list offers the new seats will send at most.
 */
export function QuotaModal({
  eventId,
  setup,
  editing,
  waitingByType,
  open,
  onClose,
  onSaved,
}: {
  eventId: string;
  setup: TicketSetup;
  editing: TicketQuota | null;
  /** People waiting per ticket type (the waiting list's overview). */
  waitingByType: Map<string, number>;
  open: boolean;
  onClose(): void;
  onSaved(): void;
}) {
  const { t, pick } = useI18n();
  const fail = useTicketFailure();
  const [form] = Form.useForm<QuotaDraft>();
  const [saving, setSaving] = useState(false);
  const intent = useMemo(() => new Intent(), []);
  const size = Form.useWatch('size', form);
  const typeIds = Form.useWatch('typeIds', form) as string[] | undefined;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(
      editing
        ? { name: editing.name, size: editing.size, typeIds: editing.typeIds }
        : { name: '', size: 100, typeIds: [] },
    );
    intent.renew();
  }, [open, editing, form, intent]);

  const raise = editing && typeof size === 'number' ? size - editing.size : 0;
  const waiting = (typeIds ?? []).reduce((n, id) => n + (waitingByType.get(id) ?? 0), 0);
  const offers = Math.min(Math.max(raise, 0), waiting);

  const submit = async (v: QuotaDraft) => {
    setSaving(true);
    try {
      const body = { name: v.name.trim(), size: v.size, typeIds: v.typeIds };
      if (editing) await ticketsConsoleApi.updateQuota(editing.id, body);
      else await ticketsConsoleApi.createQuota(eventId, body, intent);
      onSaved();
    } catch (e) {
      fail(e, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={editing ? t('tcon.quota.resize') : t('tcon.quota.new')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('tcon.save')}
      cancelText={t('tcon.cancel')}
      okButtonProps={{ loading: saving, 'data-testid': 'quota-save' } as never}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={submit} data-testid="quota-form">
        <Form.Item
          name="name"
          label={t('tcon.quota.name')}
          rules={[
            { required: true, whitespace: true, message: t('form.required') },
            { max: 100, message: t('tcon.max100') },
          ]}
        >
          <Input data-testid="quota-name" />
        </Form.Item>
        <Form.Item
          name="size"
          label={t('tcon.quota.size')}
          extra={
            editing ? t('tcon.quota.floor', { floor: editing.held + editing.sold }) : t('tcon.quota.sizeHint')
          }
          rules={[
            { required: true, message: t('form.required') },
            {
              type: 'integer',
              min: 0,
              max: 1_000_000,
              message: t('tcon.wholeBetween', { min: 0, max: 1_000_000 }),
            },
          ]}
        >
          <InputNumber
            min={0}
            max={1_000_000}
            precision={0}
            style={{ width: 200 }}
            data-testid="quota-size"
          />
        </Form.Item>
        <Form.Item
          name="typeIds"
          label={t('tcon.quota.types')}
          rules={[{ required: true, type: 'array', min: 1, message: t('tcon.quota.pickType') }]}
        >
          <Select
            mode="multiple"
            data-testid="quota-types"
            options={setup.types.map((ty) => ({ value: ty.id, label: pick(ty.name) }))}
            optionFilterProp="label"
          />
        </Form.Item>
        {raise > 0 && (
          <Alert
            type={offers > 0 ? 'info' : 'success'}
            showIcon
            data-testid="quota-offers"
            title={
              offers > 0 ? t('tcon.quota.offers', { raise, offers }) : t('tcon.quota.noOffers', { raise })
            }
          />
        )}
      </Form>
    </Modal>
  );
}
