import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Switch,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useI18n } from '../../app/i18n';
import { dayjs, isoToWallClock, wallClockToIso } from '../../app/time';
import { cfpApi } from '../api';
import { cfpErrorText, showFieldError } from '../errors';
import {
  type CfpSettings,
  type CfpSettingsInput,
  type Criterion,
  KINDS,
  type SubmissionKind,
} from '../types';

/** The criteria a first call starts with (the server's own default is the same three). */
const DEFAULT_CRITERIA: Criterion[] = [
  { key: 'relevance', name: { 'zh-CN': '相关性', 'en-US': 'Relevance' } },
  { key: 'novelty', name: { 'zh-CN': '新颖性', 'en-US': 'Novelty' } },
  { key: 'clarity', name: { 'zh-CN': '清晰度', 'en-US': 'Clarity' } },
];

interface TypeRow {
  id?: string;
  kind: SubmissionKind;
  zh: string;
  en: string;
  durationMinutes: number;
}

/** 设置: the call's window (in the event's time zone), anonymised review, criteria and submission types. */
export function SettingsTab({
  eventId,
  zone,
  settings,
  onSaved,
}: {
  eventId: string;
  zone: string;
  settings: CfpSettings | null;
  onSaved(s: CfpSettings): void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);

  const save = async (v: {
    window: [dayjs.Dayjs, dayjs.Dayjs];
    anonymisedReview: boolean;
    criteria: { key: string; zh: string; en: string }[];
    types: TypeRow[];
  }) => {
    const body: CfpSettingsInput = {
      opensAt: wallClockToIso(v.window[0], zone),
      closesAt: wallClockToIso(v.window[1], zone),
      anonymisedReview: v.anonymisedReview,
      criteria: v.criteria.map((c) => ({
        key: c.key.trim(),
        name: { 'zh-CN': c.zh.trim(), 'en-US': c.en.trim() },
      })),
      // Left empty on a first save, the server creates its four default types.
      ...(v.types.length > 0
        ? {
            submissionTypes: v.types.map((ty) => ({
              ...(ty.id ? { id: ty.id } : {}),
              kind: ty.kind,
              name: { 'zh-CN': ty.zh.trim(), 'en-US': ty.en.trim() },
              durationMinutes: ty.durationMinutes,
            })),
          }
        : {}),
    };
    setBusy(true);
    try {
      const saved = await cfpApi.saveSettings(eventId, body);
      message.success(t('cfp.settings.saved'));
      onSaved(saved);
      form.setFieldsValue(valuesOf(saved, zone));
    } catch (e) {
      const rename = (f: string) => f.replace(/^submissionTypes/, 'types').replace(/\.name$/, '.zh');
      if (!showFieldError(t, form, e, rename)) message.error(cfpErrorText(t, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card data-testid="cfp-settings">
      {settings && (
        <Typography.Paragraph type="secondary" data-testid="cfp-counts">
          {t('cfp.settings.counts', settings.counts)}
        </Typography.Paragraph>
      )}
      <Form form={form} layout="vertical" onFinish={save} initialValues={valuesOf(settings, zone)}>
        <Form.Item
          name="window"
          label={`${t('cfp.window')} ${t('cfp.timeIn', { zone })}`}
          rules={[{ required: true, message: t('cfp.form.required', { field: t('cfp.window') }) }]}
        >
          <DatePicker.RangePicker
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            data-testid="cfp-window"
          />
        </Form.Item>
        <Form.Item
          name="anonymisedReview"
          label={t('cfp.settings.anonymised')}
          extra={t('cfp.settings.anonymisedHelp')}
          valuePropName="checked"
        >
          <Switch data-testid="cfp-anonymised" />
        </Form.Item>
        <Typography.Title level={5}>{t('cfp.settings.criteria')}</Typography.Title>
        <Form.List name="criteria">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="baseline" wrap style={{ display: 'flex' }}>
                  <Form.Item
                    name={[f.name, 'key']}
                    rules={[
                      {
                        required: true,
                        pattern: /^[a-z][a-z0-9_]{0,39}$/,
                        message: t('cfp.form.invalid', { field: t('cfp.settings.criterionKey') }),
                      },
                    ]}
                  >
                    <Input
                      placeholder={t('cfp.settings.criterionKey')}
                      style={{ width: 140 }}
                      translate="no"
                    />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'zh']}
                    rules={[
                      {
                        required: true,
                        message: t('cfp.form.required', { field: t('cfp.settings.criterionZh') }),
                      },
                    ]}
                  >
                    <Input placeholder={t('cfp.settings.criterionZh')} style={{ width: 160 }} />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'en']}
                    rules={[
                      {
                        required: true,
                        message: t('cfp.form.required', { field: t('cfp.settings.criterionEn') }),
                      },
                    ]}
                  >
                    <Input placeholder={t('cfp.settings.criterionEn')} style={{ width: 160 }} />
                  </Form.Item>
                  <Button
                    icon={<DeleteOutlined />}
                    onClick={() => remove(f.name)}
                    aria-label={t('cfp.settings.remove')}
                  />
                </Space>
              ))}
              <Button
                icon={<PlusOutlined />}
                onClick={() => add({ key: '', zh: '', en: '' })}
                style={{ marginBottom: 16 }}
              >
                {t('cfp.settings.addCriterion')}
              </Button>
            </>
          )}
        </Form.List>
        <Typography.Title level={5}>{t('cfp.settings.types')}</Typography.Title>
        <Form.List name="types">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space
                  key={f.key}
                  align="baseline"
                  wrap
                  data-testid="cfp-type-row"
                  style={{ display: 'flex' }}
                >
                  <Form.Item name={[f.name, 'id']} hidden>
                    <Input />
                  </Form.Item>
                  <Form.Item name={[f.name, 'kind']} rules={[{ required: true }]}>
                    <Select
                      style={{ width: 130 }}
                      options={KINDS.map((k) => ({ value: k, label: t(`cfp.kind.${k}`) }))}
                      aria-label={t('cfp.settings.typeKind')}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'zh']}
                    rules={[
                      {
                        required: true,
                        message: t('cfp.form.required', { field: t('cfp.settings.criterionZh') }),
                      },
                    ]}
                  >
                    <Input placeholder={t('cfp.settings.criterionZh')} style={{ width: 150 }} />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'en']}
                    rules={[
                      {
                        required: true,
                        message: t('cfp.form.required', { field: t('cfp.settings.criterionEn') }),
                      },
                    ]}
                  >
                    <Input placeholder={t('cfp.settings.criterionEn')} style={{ width: 150 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'durationMinutes']} rules={[{ required: true }]}>
                    <InputNumber
                      min={5}
                      max={480}
                      precision={0}
                      suffix={t('cfp.minutes', { n: '' }).trim()}
                      aria-label={t('cfp.settings.typeDuration')}
                    />
                  </Form.Item>
                  <Button
                    icon={<DeleteOutlined />}
                    onClick={() => remove(f.name)}
                    aria-label={t('cfp.settings.remove')}
                  />
                </Space>
              ))}
              <Button
                icon={<PlusOutlined />}
                onClick={() => add({ kind: 'talk', zh: '', en: '', durationMinutes: 30 })}
                style={{ marginBottom: 16 }}
              >
                {t('cfp.settings.addType')}
              </Button>
            </>
          )}
        </Form.List>
        <div>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="cfp-settings-save">
            {t('cfp.settings.save')}
          </Button>
        </div>
      </Form>
    </Card>
  );
}

function valuesOf(settings: CfpSettings | null, zone: string) {
  if (!settings) {
    const start = dayjs().startOf('hour');
    return {
      window: [start, start.add(30, 'day')],
      anonymisedReview: true,
      criteria: DEFAULT_CRITERIA.map((c) => ({ key: c.key, zh: c.name['zh-CN'], en: c.name['en-US'] })),
      types: [] as TypeRow[],
    };
  }
  return {
    window: [isoToWallClock(settings.opensAt, zone), isoToWallClock(settings.closesAt, zone)],
    anonymisedReview: settings.anonymisedReview,
    criteria: settings.criteria.map((c) => ({ key: c.key, zh: c.name['zh-CN'], en: c.name['en-US'] })),
    types: settings.submissionTypes.map((ty) => ({
      id: ty.id,
      kind: ty.kind,
      zh: ty.name['zh-CN'],
      en: ty.name['en-US'],
      durationMinutes: ty.durationMinutes,
    })),
  };
}
