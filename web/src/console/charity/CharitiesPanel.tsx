import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Checkbox, Form, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import { Intent } from '../../api';
import { useI18n } from '../../app/i18n';
import { dayjs } from '../../app/time';
import { useAsync } from '../../app/useAsync';
import { type Charity, type CharityDraft, charityAdminApi } from '../../charity/api';
import { charityErrorText } from '../../charity/errors';
import { useText } from '../../merchant/format';
import { ReasonModal } from './ReasonModal';

const STATUS_COLOR = { pending: 'processing', verified: 'success', rejected: 'error' } as const;

/** Registers a charity (pending until verified); the server's refusals land on their field. */
function RegisterModal({
  open,
  onClose,
  onDone,
}: {
  open: boolean;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const { l } = useText();
  const [form] = Form.useForm<CharityDraft>();
  const intent = useRef(new Intent());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const required = { required: true, whitespace: true, message: l('必填', 'Required') };
  return (
    <Modal
      open={open}
      width={640}
      title={l('登记公益机构', 'Register a charity')}
      okText={l('登记', 'Register')}
      okButtonProps={{ loading: busy, 'data-testid': 'charity-register-ok' }}
      onCancel={onClose}
      destroyOnHidden
      onOk={async () => {
        const draft = await form.validateFields();
        setBusy(true);
        setError(null);
        try {
          await intent.current.run((key) => charityAdminApi.register(key, draft));
          intent.current.renew();
          onDone();
        } catch (e) {
          const text = charityErrorText(t, e);
          const field = (e as { field?: string }).field;
          if (field === 'creditCode') form.setFields([{ name: 'creditCode', errors: [text] }]);
          else setError(text);
        } finally {
          setBusy(false);
        }
      }}
    >
      <Form form={form} layout="vertical" preserve={false} initialValues={{ publicFundraising: true }}>
        <Form.Item name="nameZh" label={l('机构名称（中文）', 'Name (Chinese)')} rules={[required]}>
          <Input data-testid="charity-name-zh" />
        </Form.Item>
        <Form.Item name="nameEn" label={l('机构名称（英文）', 'Name (English)')} rules={[required]}>
          <Input data-testid="charity-name-en" />
        </Form.Item>
        <Form.Item
          name="creditCode"
          label={l('统一社会信用代码', 'Unified social credit code')}
          rules={[required, { len: 18, message: l('应为 18 位', 'Must be 18 characters') }]}
        >
          <Input maxLength={18} data-testid="charity-credit-code" />
        </Form.Item>
        <Form.Item name="publicFundraising" valuePropName="checked">
          <Checkbox>{l('具有公开募捐资格', 'Qualified for public fundraising')}</Checkbox>
        </Form.Item>
        <Space.Compact block>
          <Form.Item
            name={['contact', 'name']}
            label={l('联系人', 'Contact')}
            rules={[required]}
            style={{ flex: 1 }}
          >
            <Input />
          </Form.Item>
          <Form.Item
            name={['contact', 'phone']}
            label={l('电话', 'Phone')}
            rules={[required]}
            style={{ flex: 1 }}
          >
            <Input />
          </Form.Item>
          <Form.Item
            name={['contact', 'email']}
            label={l('邮箱', 'Email')}
            rules={[required, { type: 'email', message: l('邮箱格式不正确', 'Not an email address') }]}
            style={{ flex: 1 }}
          >
            <Input />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="bankAccount" label={l('收款账户', 'Bank account')} rules={[required]}>
          <Input />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}

/** The operators' list of charities: register, verify or reject (with a reason, audited). */
export function CharitiesPanel() {
  const { l } = useText();
  const { message } = App.useApp();
  const list = useAsync(() => charityAdminApi.charities(), []);
  const [registering, setRegistering] = useState(false);
  const [deciding, setDeciding] = useState<{ charity: Charity; decision: 'verify' | 'reject' } | null>(null);
  const statusText = {
    pending: l('待审核', 'Pending'),
    verified: l('已认证', 'Verified'),
    rejected: l('已驳回', 'Rejected'),
  };

  return (
    <div data-testid="console-charities">
      <div style={{ display: 'flex', justifyContent: 'flex-end', marginBottom: 12 }}>
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setRegistering(true)}
          data-testid="charity-register"
        >
          {l('登记机构', 'Register a charity')}
        </Button>
      </div>
      <Table<Charity>
        rowKey="id"
        loading={list.loading}
        dataSource={list.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          {
            title: l('机构', 'Charity'),
            key: 'name',
            render: (_, c) => (
              <div>
                <Typography.Text strong>{c.nameZh}</Typography.Text>
                <div>
                  <Typography.Text type="secondary">{c.nameEn}</Typography.Text>
                </div>
              </div>
            ),
          },
          { title: l('统一社会信用代码', 'Credit code'), dataIndex: 'creditCode' },
          {
            title: l('公开募捐资格', 'Public fundraising'),
            key: 'pf',
            render: (_, c) =>
              c.publicFundraising ? <Tag color="green">{l('有', 'Yes')}</Tag> : <Tag>{l('无', 'No')}</Tag>,
          },
          {
            title: l('状态', 'Status'),
            key: 'status',
            render: (_, c) => (
              <Space direction="vertical" size={0}>
                <Tag color={STATUS_COLOR[c.status]} data-testid="charity-status">
                  {statusText[c.status]}
                </Tag>
                {c.statusReason && <Typography.Text type="secondary">{c.statusReason}</Typography.Text>}
                {c.verifiedAt && (
                  <Typography.Text type="secondary">
                    {dayjs(c.verifiedAt).format('YYYY-MM-DD HH:mm')}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          {
            title: l('操作', 'Actions'),
            key: 'actions',
            render: (_, c) => (
              <Space>
                {c.status !== 'verified' && (
                  <Button
                    size="small"
                    type="primary"
                    onClick={() => setDeciding({ charity: c, decision: 'verify' })}
                    data-testid="charity-verify"
                  >
                    {l('审核通过', 'Verify')}
                  </Button>
                )}
                {c.status !== 'rejected' && (
                  <Button size="small" danger onClick={() => setDeciding({ charity: c, decision: 'reject' })}>
                    {l('驳回', 'Reject')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <RegisterModal
        open={registering}
        onClose={() => setRegistering(false)}
        onDone={() => {
          setRegistering(false);
          message.success(l('已登记，待审核', 'Registered; pending verification'));
          list.reload();
        }}
      />
      <ReasonModal
        open={deciding !== null}
        title={
          deciding?.decision === 'verify'
            ? l(`认证「${deciding.charity.nameZh}」`, `Verify ${deciding.charity.nameEn}`)
            : l(`驳回「${deciding?.charity.nameZh ?? ''}」`, `Reject ${deciding?.charity.nameEn ?? ''}`)
        }
        okText={deciding?.decision === 'verify' ? l('审核通过', 'Verify') : l('驳回', 'Reject')}
        danger={deciding?.decision === 'reject'}
        onCancel={() => setDeciding(null)}
        onConfirm={async (reason) => {
          if (!deciding) return;
          await charityAdminApi.verify(deciding.charity.id, deciding.decision, reason);
          setDeciding(null);
          list.reload();
        }}
      />
    </div>
  );
}
