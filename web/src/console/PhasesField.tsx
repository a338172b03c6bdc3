import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Col, DatePicker, Form, Input, Row } from 'antd';
import { useI18n } from '../app/i18n';

/** The phases as a dynamic list: key, names in both languages, start and end. */
export function PhasesField() {
  const { t } = useI18n();
  const required = [{ required: true, message: t('form.required') }];
  return (
    <Form.List name="phases">
      {(fields, { add, remove }) => (
        <div data-testid="phases-field">
          {fields.map(({ key, name }) => (
            <Card
              key={key}
              size="small"
              style={{ marginBottom: 12, background: '#fafafa' }}
              data-testid="phase-row"
              title={`#${name + 1}`}
              extra={<MinusCircleOutlined onClick={() => remove(name)} aria-label="remove" />}
            >
              <Row gutter={12}>
                <Col xs={24} md={6}>
                  <Form.Item
                    name={[name, 'key']}
                    label={t('form.phase.key')}
                    rules={[...required, { pattern: /^[a-z][a-z0-9_-]{0,39}$/, message: 'a-z 0-9 _ -' }]}
                  >
                    <Input placeholder="presale" translate="no" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={9}>
                  <Form.Item name={[name, 'name', 'zh-CN']} label={t('form.phase.name.zh')} rules={required}>
                    <Input placeholder="预售" lang="zh-CN" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={9}>
                  <Form.Item name={[name, 'name', 'en-US']} label={t('form.phase.name.en')} rules={required}>
                    <Input placeholder="Pre-sale" lang="en-US" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item name={[name, 'startsAt']} label={t('form.startsAt')} rules={required}>
                    <DatePicker
                      showTime={{ format: 'HH:mm' }}
                      format="YYYY-MM-DD HH:mm"
                      style={{ width: '100%' }}
                    />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item name={[name, 'endsAt']} label={t('form.endsAt')} rules={required}>
                    <DatePicker
                      showTime={{ format: 'HH:mm' }}
                      format="YYYY-MM-DD HH:mm"
                      style={{ width: '100%' }}
                    />
                  </Form.Item>
                </Col>
              </Row>
            </Card>
          ))}
          <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ key: '', name: {} })}>
            {t('form.phase.add')}
          </Button>
        </div>
      )}
    </Form.List>
  );
}
