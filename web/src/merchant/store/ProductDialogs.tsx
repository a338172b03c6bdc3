import { Button, Form, Input, InputNumber, Modal, Select, Space } from 'antd';
import { useRef, useState } from 'react';
import { newIdempotencyKey } from '../../api';
import { useI18n } from '../../app/i18n';
import { useServerErrors } from '../../app/useServerErrors';
import { parseYuan } from '../format';
import { type Category, type Product, type ProductCategory, storeApi } from '../store-api';
import { yuanRule } from './text';

interface SkuRow {
  specName?: string;
  specValue?: string;
  price: string;
  stock: number;
}

const toSku = (r: SkuRow) => ({
  attributes: r.specName?.trim() && r.specValue?.trim() ? { [r.specName.trim()]: r.specValue.trim() } : {},
  price: parseYuan(r.price) ?? 0,
  stock: r.stock,
});

/** 发布商品 / 编辑商品: title, category (by name), description; a new product with its SKUs. */
export function ProductDialog({
  storeId,
  product,
  categories,
  onClose,
  onDone,
}: {
  storeId: string;
  product?: Product;
  categories: Category[];
  onClose(): void;
  onDone(): void;
}) {
  const { t, pick } = useI18n();
  const [form] = Form.useForm();
  const onError = useServerErrors();
  const [busy, setBusy] = useState(false);
  // One intent, one key: a retried submit of the same dialog creates the product once.
  const key = useRef(newIdempotencyKey());
  const leaves = categories.filter((c) => c.code.includes('.'));
  return (
    <Modal
      open
      width={720}
      title={t(product ? 'merchant.products.edit' : 'merchant.products.create')}
      okText={t('merchant.form.save')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'product-submit' }}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={
          product
            ? { title: product.title, category: product.category, description: product.description }
            : { skus: [{ specName: '', specValue: '', price: '', stock: 100 }] }
        }
        onFinish={async (v) => {
          setBusy(true);
          try {
            if (product) {
              await storeApi.editProduct(product.id, {
                title: v.title,
                category: v.category,
                description: v.description ?? '',
                version: product.version,
              });
            } else {
              await storeApi.createProduct(key.current, storeId, {
                title: v.title,
                category: v.category as ProductCategory,
                description: v.description ?? '',
                skus: (v.skus as SkuRow[]).map(toSku),
              });
            }
            onDone();
          } catch (e) {
            onError(e, form);
          } finally {
            setBusy(false);
          }
        }}
      >
        <Form.Item
          name="title"
          label={t('merchant.products.field.title')}
          rules={[{ required: true, whitespace: true, message: t('merchant.form.required') }]}
        >
          <Input maxLength={200} data-testid="product-title" />
        </Form.Item>
        <Form.Item
          name="category"
          label={t('merchant.products.field.category')}
          rules={[{ required: true, message: t('merchant.form.required') }]}
        >
          <Select
            data-testid="product-category"
            showSearch={{ optionFilterProp: 'label' }}
            options={leaves.map((c) => ({ value: c.code, label: pick(c.name) }))}
          />
        </Form.Item>
        <Form.Item name="description" label={t('merchant.products.field.description')}>
          <Input.TextArea maxLength={5000} rows={2} />
        </Form.Item>
        {!product && (
          <Form.List name="skus">
            {(fields, { add, remove }) => (
              <div>
                {fields.map((f, i) => (
                  <Space key={f.key} align="start" wrap>
                    <Form.Item
                      name={[f.name, 'specName']}
                      label={i === 0 ? t('merchant.products.field.specName') : ''}
                    >
                      <Input placeholder={t('merchant.products.field.specNameHint')} style={{ width: 110 }} />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'specValue']}
                      label={i === 0 ? t('merchant.products.field.specValue') : ''}
                    >
                      <Input
                        placeholder={t('merchant.products.field.specValueHint')}
                        style={{ width: 110 }}
                      />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'price']}
                      label={i === 0 ? t('merchant.products.field.price') : ''}
                      rules={[yuanRule(t)]}
                    >
                      <Input prefix="¥" style={{ width: 130 }} data-testid={`product-sku-price-${i}`} />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'stock']}
                      label={i === 0 ? t('merchant.products.field.stock') : ''}
                      rules={[{ required: true, message: t('merchant.form.required') }]}
                    >
                      <InputNumber
                        min={0}
                        max={10_000_000}
                        precision={0}
                        data-testid={`product-sku-stock-${i}`}
                      />
                    </Form.Item>
                    {fields.length > 1 && (
                      <Button
                        type="link"
                        danger
                        onClick={() => remove(f.name)}
                        style={{ marginTop: i === 0 ? 30 : 0 }}
                      >
                        {t('merchant.products.removeSku')}
                      </Button>
                    )}
                  </Space>
                ))}
                <Button onClick={() => add({ specName: '', specValue: '', price: '', stock: 100 })}>
                  {t('merchant.products.addSku')}
                </Button>
              </div>
            )}
          </Form.List>
        )}
      </Form>
    </Modal>
  );
}

/** 添加规格: one more SKU of an existing product. */
export function SkuAddDialog({
  product,
  onClose,
  onDone,
}: {
  product: Product;
  onClose(): void;
  onDone(): void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<SkuRow>();
  const onError = useServerErrors();
  const [busy, setBusy] = useState(false);
  const key = useRef(newIdempotencyKey());
  return (
    <Modal
      open
      title={`${t('merchant.products.addSku')} · ${product.title}`}
      okText={t('merchant.form.save')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ stock: 100 }}
        onFinish={async (v) => {
          setBusy(true);
          try {
            await storeApi.addSku(key.current, product.id, toSku(v));
            onDone();
          } catch (e) {
            onError(e, form);
          } finally {
            setBusy(false);
          }
        }}
      >
        <Form.Item name="specName" label={t('merchant.products.field.specName')}>
          <Input placeholder={t('merchant.products.field.specNameHint')} />
        </Form.Item>
        <Form.Item name="specValue" label={t('merchant.products.field.specValue')}>
          <Input placeholder={t('merchant.products.field.specValueHint')} />
        </Form.Item>
        <Form.Item name="price" label={t('merchant.products.field.price')} rules={[yuanRule(t)]}>
          <Input prefix="¥" />
        </Form.Item>
        <Form.Item name="stock" label={t('merchant.products.field.stock')} rules={[{ required: true }]}>
          <InputNumber min={0} max={10_000_000} precision={0} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
