import { Alert, DatePicker, Form, Input, InputNumber, Modal, Select, Statistic } from 'antd';
import type { Dayjs } from 'dayjs';
import { useRef, useState } from 'react';
import { Intent } from '../../api';
import { useI18n } from '../../app/i18n';
import { useAsync } from '../../app/useAsync';
import { type Charity, charityAdminApi, charityApi } from '../../charity/api';
import { charityErrorText } from '../../charity/errors';
import { useText, yuan } from '../../merchant/format';

/** Yuan typed by a person to fen, without float drift (12.34 → 1234). */
export const toFen = (value: number) => Math.round(value * 100);

/** A modal whose OK runs once per intent (Idempotency-Key), refusals shown inside it. */
function useSubmit() {
  const { t } = useI18n();
  const intent = useRef(new Intent());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (send: (key: string) => Promise<unknown>, done: () => void) => {
    setBusy(true);
    setError(null);
    try {
      await intent.current.run(send);
      intent.current.renew();
      done();
    } catch (e) {
      setError(charityErrorText(t, e));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, submit, clear: () => setError(null) };
}

interface ProjectValues {
  charityId: string;
  titleZh: string;
  titleEn: string;
  description?: string;
  descriptionEn?: string;
  target: number;
  beneficiaries: string;
  beneficiariesEn?: string;
  region: string;
  regionEn?: string;
  dates: [Dayjs, Dayjs];
}

export function NewProjectModal({
  open,
  charities,
  onClose,
  onDone,
}: {
  open: boolean;
  charities: Charity[];
  onClose: () => void;
  onDone: () => void;
}) {
  const { l } = useText();
  const [form] = Form.useForm<ProjectValues>();
  const s = useSubmit();
  const required = { required: true, whitespace: true, message: l('必填', 'Required') };
  return (
    <Modal
      open={open}
      width={640}
      title={l('新建公益项目', 'New charity project')}
      okText={l('创建', 'Create')}
      okButtonProps={{ loading: s.busy }}
      onCancel={onClose}
      destroyOnHidden
      onOk={async () => {
        const v = await form.validateFields();
        await s.submit(
          (key) =>
            charityAdminApi.createProject(key, {
              charityId: v.charityId,
              titleZh: v.titleZh,
              titleEn: v.titleEn,
              description: v.description ?? '',
              descriptionEn: v.descriptionEn ?? '',
              targetAmount: toFen(v.target),
              beneficiaries: v.beneficiaries,
              beneficiariesEn: v.beneficiariesEn ?? '',
              region: v.region,
              regionEn: v.regionEn ?? '',
              startsOn: v.dates[0].format('YYYY-MM-DD'),
              endsOn: v.dates[1].format('YYYY-MM-DD'),
            }),
          onDone,
        );
      }}
    >
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="charityId"
          label={l('公益机构', 'Charity')}
          rules={[{ required: true, message: l('必填', 'Required') }]}
        >
          <Select options={charities.map((c) => ({ value: c.id, label: l(c.nameZh, c.nameEn) }))} />
        </Form.Item>
        <Form.Item name="titleZh" label={l('项目名称（中文）', 'Title (Chinese)')} rules={[required]}>
          <Input />
        </Form.Item>
        <Form.Item name="titleEn" label={l('项目名称（英文）', 'Title (English)')} rules={[required]}>
          <Input />
        </Form.Item>
        <Form.Item name="description" label={l('项目介绍（中文）', 'Description (Chinese)')}>
          <Input.TextArea rows={3} maxLength={4000} data-testid="project-description" />
        </Form.Item>
        <Form.Item
          name="descriptionEn"
          label={l('项目介绍（英文）', 'Description (English)')}
          extra={l('留空时英文页面显示中文介绍', 'When empty, English pages show the Chinese text')}
        >
          <Input.TextArea rows={3} maxLength={4000} data-testid="project-description-en" />
        </Form.Item>
        <Form.Item
          name="target"
          label={l('目标金额（元）', 'Target (yuan)')}
          rules={[{ required: true, message: l('必填', 'Required') }]}
        >
          <InputNumber min={0.01} precision={2} prefix="¥" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="beneficiaries"
          label={l('受益人（中文）', 'Beneficiaries (Chinese)')}
          rules={[required]}
        >
          <Input maxLength={500} />
        </Form.Item>
        <Form.Item name="beneficiariesEn" label={l('受益人（英文）', 'Beneficiaries (English)')}>
          <Input maxLength={500} />
        </Form.Item>
        <Form.Item name="region" label={l('地区（中文）', 'Region (Chinese)')} rules={[required]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="regionEn" label={l('地区（英文）', 'Region (English)')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          name="dates"
          label={l('执行期', 'Dates')}
          rules={[{ required: true, message: l('必填', 'Required') }]}
        >
          <DatePicker.RangePicker style={{ width: '100%' }} />
        </Form.Item>
      </Form>
      {s.error && <Alert type="error" showIcon title={s.error} />}
    </Modal>
  );
}

export function UpdateModal({
  projectId,
  onClose,
  onDone,
}: {
  projectId: string | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const { l } = useText();
  const [form] = Form.useForm<{ body: string; bodyEn?: string; photos?: string }>();
  const s = useSubmit();
  return (
    <Modal
      open={projectId !== null}
      title={l('发布项目进展', 'Post a progress update')}
      okText={l('发布', 'Post')}
      okButtonProps={{ loading: s.busy }}
      onCancel={onClose}
      destroyOnHidden
      onOk={async () => {
        const v = await form.validateFields();
        const photos = (v.photos ?? '')
          .split(/\s+/)
          .map((u) => u.trim())
          .filter(Boolean);
        await s.submit(
          (key) => charityAdminApi.addUpdate(key, projectId ?? '', v.body, v.bodyEn ?? '', photos),
          onDone,
        );
      }}
    >
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="body"
          label={l('进展内容（中文）', 'Update (Chinese)')}
          rules={[{ required: true, whitespace: true, message: l('必填', 'Required') }]}
        >
          <Input.TextArea rows={4} maxLength={4000} />
        </Form.Item>
        <Form.Item name="bodyEn" label={l('进展内容（英文）', 'Update (English)')}>
          <Input.TextArea rows={4} maxLength={4000} />
        </Form.Item>
        <Form.Item name="photos" label={l('照片链接（每行一个）', 'Photo URLs (one per line)')}>
          <Input.TextArea rows={3} />
        </Form.Item>
      </Form>
      {s.error && <Alert type="error" showIcon title={s.error} />}
    </Modal>
  );
}

/** Pays escrow out to the project's charity: amount, public purpose, audited reason. */
export function DisburseModal({
  projectId,
  onClose,
  onDone,
}: {
  projectId: string | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const { l } = useText();
  const [form] = Form.useForm<{ amount: number; purpose: string; purposeEn?: string; reason: string }>();
  const s = useSubmit();
  const page = useAsync(
    () => (projectId ? charityApi.project(projectId) : Promise.resolve(null)),
    [projectId],
  );
  const escrow = page.data?.escrow ?? 0;
  const required = { required: true, whitespace: true, message: l('必填', 'Required') };
  return (
    <Modal
      open={projectId !== null}
      title={l('拨付善款', 'Disburse to the charity')}
      okText={l('确认拨付', 'Disburse')}
      okButtonProps={{ loading: s.busy, danger: true, 'data-testid': 'disburse-ok' }}
      onCancel={onClose}
      destroyOnHidden
      onOk={async () => {
        const v = await form.validateFields();
        await s.submit(
          (key) =>
            charityAdminApi.disburse(key, projectId ?? '', {
              amount: toFen(v.amount),
              purpose: v.purpose,
              purposeEn: v.purposeEn ?? '',
              reason: v.reason,
            }),
          onDone,
        );
      }}
    >
      <Statistic
        title={l('托管余额', 'Held in escrow')}
        value={yuan(escrow)}
        loading={page.loading}
        style={{ marginBottom: 16 }}
        data-testid="disburse-escrow"
      />
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="amount"
          label={l('拨付金额（元）', 'Amount (yuan)')}
          rules={[
            { required: true, message: l('必填', 'Required') },
            {
              validator: async (_, v: number | undefined) => {
                if (v !== undefined && toFen(v) > escrow)
                  throw new Error(l('不能超过托管余额', 'Cannot exceed the escrow balance'));
              },
            },
          ]}
        >
          <InputNumber
            min={0.01}
            precision={2}
            prefix="¥"
            style={{ width: '100%' }}
            data-testid="disburse-amount"
          />
        </Form.Item>
        <Form.Item
          name="purpose"
          label={l('用途（公开展示）', 'Purpose (shown publicly)')}
          rules={[required]}
        >
          <Input maxLength={500} data-testid="disburse-purpose" />
        </Form.Item>
        <Form.Item
          name="purposeEn"
          label={l('用途（英文，公开展示）', 'Purpose in English (shown publicly)')}
        >
          <Input maxLength={500} data-testid="disburse-purpose-en" />
        </Form.Item>
        <Form.Item
          name="reason"
          label={l('原因（记入审计日志）', 'Reason (kept in the audit trail)')}
          rules={[required]}
        >
          <Input maxLength={500} data-testid="disburse-reason" />
        </Form.Item>
      </Form>
      {s.error && <Alert type="error" showIcon title={s.error} />}
    </Modal>
  );
}
