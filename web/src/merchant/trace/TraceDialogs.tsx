import { Alert, App, DatePicker, Form, type FormInstance, Input, Modal, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useRef, useState } from 'react';
import { isApiError, newIdempotencyKey } from '../../api';
import { useI18n } from '../../app/i18n';
import { dayjs } from '../../app/time';
import { errorText, useServerErrors } from '../../app/useServerErrors';
import { merchantTraceApi, PROVENANCE_KINDS, type TraceCodeItem } from './api';

const CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$/;
/** The traceability refusals the merchant catalogues word: shown on their field in the UI's language. */
const WORDED = new Set(['TRACE_CODE_EXISTS', 'INVALID_TRACE_LOT', 'SKU_NOT_OF_STORE', 'EVENT_IN_FUTURE']);

/** A failed submit: a worded refusal on its field (catalogue words, not the server's English), else as usual. */
function useTraceErrors() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const onError = useServerErrors();
  return (error: unknown, form: FormInstance) => {
    if (isApiError(error) && WORDED.has(error.code)) {
      const text = errorText(t, error);
      if (error.field) form.setFields([{ name: error.field, errors: [text] }]);
      message.error(text);
      return;
    }
    onError(error, form);
  };
}

/** 登记序列号或批次: code, serial or lot, product, origin (产地), and a serial's lot. */
export function RegisterCodeDialog({
  storeId,
  lots,
  onClose,
  onDone,
}: {
  storeId: string;
  lots: TraceCodeItem[];
  onClose(): void;
  onDone(code: string): void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm();
  const onError = useTraceErrors();
  const [busy, setBusy] = useState(false);
  // One dialog, one key: a retried submit registers the code once.
  const key = useRef(newIdempotencyKey());
  const kind = Form.useWatch('kind', form);
  return (
    <Modal
      open
      title={t('merchant.trace.register')}
      okText={t('merchant.form.save')}
      cancelText={t('merchant.form.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'trace-code-submit' }}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ kind: 'serial' }}
        onFinish={async (v) => {
          setBusy(true);
          try {
            const created = await merchantTraceApi.register(key.current, storeId, {
              code: v.code.trim(),
              kind: v.kind,
              productName: v.productName,
              origin: v.origin,
              ...(v.kind === 'serial' && v.lotCode ? { lotCode: v.lotCode } : {}),
            });
            onDone(created.code);
          } catch (e) {
            onError(e, form);
          } finally {
            setBusy(false);
          }
        }}
      >
        <Form.Item
          name="code"
          label={t('merchant.trace.field.code')}
          extra={t('merchant.trace.field.codeHint')}
          rules={[
            { required: true, whitespace: true, message: t('merchant.form.required') },
            { pattern: CODE, message: t('merchant.trace.field.codeFormat') },
          ]}
        >
          <Input maxLength={64} data-testid="trace-code-code" />
        </Form.Item>
        <Form.Item name="kind" label={t('merchant.trace.field.kind')}>
          <Select
            data-testid="trace-code-kind"
            options={(['serial', 'lot'] as const).map((k) => ({ value: k, label: t(`trace.kind.${k}`) }))}
          />
        </Form.Item>
        <Form.Item
          name="productName"
          label={t('merchant.trace.field.product')}
          rules={[{ required: true, whitespace: true, message: t('merchant.form.required') }]}
        >
          <Input maxLength={200} data-testid="trace-code-product" />
        </Form.Item>
        <Form.Item
          name="origin"
          label={t('merchant.trace.field.origin')}
          rules={[{ required: true, whitespace: true, message: t('merchant.form.required') }]}
        >
          <Input maxLength={200} data-testid="trace-code-origin" />
        </Form.Item>
        {kind === 'serial' && lots.length > 0 && (
          <Form.Item name="lotCode" label={t('merchant.trace.field.lot')}>
            <Select
              allowClear
              data-testid="trace-code-lot"
              options={lots.map((l) => ({ value: l.code, label: `${l.code} · ${l.productName}` }))}
            />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

/** 追加记录: a provenance event of a kind from the list, with its place, time and note. */
export function AppendEventDialog({
  code,
  onClose,
  onDone,
}: {
  code: string;
  onClose(): void;
  onDone(): void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm();
  const onError = useTraceErrors();
  const [busy, setBusy] = useState(false);
  // One dialog, one key: a retried submit appends the event (and its log entry) once.
  const key = useRef(newIdempotencyKey());
  return (
    <Modal
      open
      title={t('merchant.trace.eventFor', { code })}
      okText={t('merchant.form.save')}
      cancelText={t('merchant.form.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'trace-event-submit' }}
      destroyOnHidden
    >
      <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('merchant.trace.eventHint')} />
      <Form
        form={form}
        layout="vertical"
        initialValues={{ kind: 'origin', occurredAt: dayjs().startOf('minute') }}
        onFinish={async (v: {
          kind: (typeof PROVENANCE_KINDS)[number];
          place: string;
          occurredAt: Dayjs;
          note?: string;
        }) => {
          setBusy(true);
          try {
            await merchantTraceApi.appendEvent(key.current, code, {
              kind: v.kind,
              place: v.place,
              occurredAt: v.occurredAt.toISOString(),
              note: v.note ?? '',
            });
            onDone();
          } catch (e) {
            onError(e, form);
          } finally {
            setBusy(false);
          }
        }}
      >
        <Form.Item name="kind" label={t('merchant.trace.field.eventKind')}>
          <Select
            data-testid="trace-event-kind"
            options={PROVENANCE_KINDS.map((k) => ({ value: k, label: t(`trace.event.${k}`) }))}
          />
        </Form.Item>
        <Form.Item
          name="place"
          label={t('merchant.trace.field.place')}
          rules={[{ required: true, whitespace: true, message: t('merchant.form.required') }]}
        >
          <Input maxLength={200} data-testid="trace-event-place" />
        </Form.Item>
        <Form.Item
          name="occurredAt"
          label={t('merchant.trace.field.occurredAt')}
          rules={[{ required: true, message: t('merchant.form.required') }]}
        >
          <DatePicker
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            disabledDate={(d) => d.isAfter(dayjs().endOf('day'))}
            data-testid="trace-event-at"
          />
        </Form.Item>
        <Form.Item name="note" label={t('merchant.trace.field.note')}>
          <Input.TextArea maxLength={1000} rows={2} data-testid="trace-event-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
