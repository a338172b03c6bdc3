import {
  Button,
  Card,
  Col,
  ColorPicker,
  DatePicker,
  Form,
  type FormInstance,
  Input,
  Row,
  Select,
  Tabs,
} from 'antd';
import { AUDIENCES, KINDS, type Locale, type Series } from '../api';
import { useI18n } from '../app/i18n';
import { keepEnterInDates } from '../app/keep-enter';
import { COMMON_TIMEZONES } from '../app/time';
import type { CampaignFormValues } from './form-model';
import { PhasesField } from './PhasesField';

interface Props {
  form: FormInstance<CampaignFormValues>;
  initialValues: CampaignFormValues;
  series: Series[];
  saving: boolean;
  langTab: Locale;
  onLangTab(locale: Locale): void;
  onFinish(values: CampaignFormValues): void;
}

const PRESETS = [
  '#ff5000',
  '#ff2d55',
  '#e4393c',
  '#fa8c16',
  '#1677ff',
  '#2f54eb',
  '#722ed1',
  '#13a8a8',
  '#52c41a',
];
const dateTime = {
  showTime: { format: 'HH:mm' },
  format: 'YYYY-MM-DD HH:mm',
  style: { width: '100%' },
} as const;

export function CampaignForm({ form, initialValues, series, saving, langTab, onLangTab, onFinish }: Props) {
  const { t, pick } = useI18n();
  const required = [{ required: true, message: t('form.required') }];

  const copyTab = (locale: Locale) => ({
    key: locale,
    forceRender: true,
    label: (
      <span data-testid={`lang-tab-${locale}`}>{locale === 'zh-CN' ? '中文 zh-CN' : 'English en-US'}</span>
    ),
    children: (
      <>
        <Form.Item name={['title', locale]} label={t('form.title')} rules={required}>
          <Input maxLength={120} showCount data-testid={`field-title-${locale}`} />
        </Form.Item>
        <Form.Item name={['summary', locale]} label={t('form.summary')}>
          <Input.TextArea
            autoSize={{ minRows: 2, maxRows: 4 }}
            maxLength={300}
            showCount
            data-testid={`field-summary-${locale}`}
          />
        </Form.Item>
        <Form.Item name={['body', locale]} label={t('form.body')} extra={t('form.body.hint')}>
          <Input.TextArea autoSize={{ minRows: 5, maxRows: 16 }} data-testid={`field-body-${locale}`} />
        </Form.Item>
      </>
    ),
  });

  return (
    <Form<CampaignFormValues>
      form={form}
      layout="vertical"
      initialValues={initialValues}
      onFinish={onFinish}
      onKeyDown={keepEnterInDates}
      scrollToFirstError={{ block: 'center' }}
      data-testid="campaign-form"
    >
      <Card title={t('form.section.basic')} size="small" style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="slug" label={t('form.slug')} extra={t('form.slug.hint')}>
              <Input prefix={<span translate="no">/events/</span>} data-testid="field-slug" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="kind" label={t('form.kind')} rules={required}>
              <Select
                data-testid="field-kind"
                options={KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="audiences" label={t('form.audiences')} rules={required}>
              <Select
                mode="multiple"
                data-testid="field-audiences"
                options={AUDIENCES.map((a) => ({ value: a, label: t(`audience.${a}`) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name={['organizer', 'name']} label={t('form.organizer')} rules={required}>
              <Input maxLength={120} data-testid="field-organizer" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="seriesId" label={t('form.series')}>
              <Select
                allowClear
                placeholder={t('form.series.none')}
                data-testid="field-series"
                options={series.map((s) => ({ value: s.id, label: pick(s.name) }))}
              />
            </Form.Item>
          </Col>
        </Row>
      </Card>

      <Card title={t('form.section.content')} size="small" style={{ marginBottom: 16 }}>
        <Tabs
          activeKey={langTab}
          onChange={(k) => onLangTab(k as Locale)}
          items={[copyTab('zh-CN'), copyTab('en-US')]}
        />
      </Card>

      <Card title={t('form.section.time')} size="small" style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="timezone" label={t('form.timezone')} rules={required}>
              <Select
                showSearch
                data-testid="field-timezone"
                options={COMMON_TIMEZONES.map((z) => ({ value: z, label: z }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="startsAt" label={t('form.startsAt')} rules={required}>
              <DatePicker {...dateTime} data-testid="field-startsAt" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="endsAt" label={t('form.endsAt')} rules={required}>
              <DatePicker {...dateTime} data-testid="field-endsAt" />
            </Form.Item>
          </Col>
        </Row>
        <div style={{ marginBottom: 8, fontWeight: 500 }}>{t('form.phases')}</div>
        <PhasesField />
      </Card>

      <Card title={t('form.section.look')} size="small" style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item
              name={['theme', 'primaryColor']}
              label={t('form.primaryColor')}
              rules={required}
              getValueFromEvent={(color: { toHexString(): string }) => color.toHexString()}
            >
              <ColorPicker showText disabledAlpha presets={[{ label: 'Carnival', colors: PRESETS }]} />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item name={['theme', 'bannerUrl']} label={t('form.bannerUrl')}>
              <Input placeholder="https://…" data-testid="field-bannerUrl" />
            </Form.Item>
          </Col>
        </Row>
      </Card>

      <Button type="primary" htmlType="submit" size="large" loading={saving} data-testid="campaign-save">
        {t('form.save')}
      </Button>
    </Form>
  );
}
