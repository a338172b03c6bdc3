import { Form, Input } from 'antd';
import { useI18n } from '../app/i18n';

/** The speaker profile (docs/cfp.md, ProfileInput), nested under `profile` in the form. */
export function ProfileFields() {
  const { t } = useI18n();
  return (
    <>
      <Form.Item
        name={['profile', 'name']}
        label={t('cfp.form.name')}
        rules={[
          {
            required: true,
            whitespace: true,
            message: t('cfp.form.required', { field: t('cfp.form.name') }),
          },
        ]}
      >
        <Input maxLength={100} data-testid="profile-name" />
      </Form.Item>
      <Form.Item name={['profile', 'company']} label={t('cfp.form.company')}>
        <Input maxLength={200} data-testid="profile-company" />
      </Form.Item>
      <Form.Item name={['profile', 'bio']} label={t('cfp.form.bio')}>
        <Input.TextArea rows={3} maxLength={2000} data-testid="profile-bio" />
      </Form.Item>
      <Form.Item
        name={['profile', 'photoUrl']}
        label={t('cfp.form.photoUrl')}
        extra={t('cfp.form.photoUrlHelp')}
        rules={[
          {
            pattern: /^https:\/\/\S+$/,
            message: t('cfp.form.invalid', { field: t('cfp.form.photoUrl') }),
          },
        ]}
      >
        <Input placeholder="https://" data-testid="profile-photo" />
      </Form.Item>
    </>
  );
}

/** The profile part of the form's values as the server's ProfileInput (empty optional fields as null). */
export function profileInput(values: Record<string, unknown>) {
  const p = (values.profile ?? {}) as Record<string, string | undefined>;
  const text = (v: string | undefined) => (v ?? '').trim();
  return {
    name: text(p.name),
    bio: text(p.bio),
    company: text(p.company) || null,
    photoUrl: text(p.photoUrl) || null,
  };
}
