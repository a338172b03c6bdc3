import { App, Button, Input, Space } from 'antd';
import { useI18n } from '../app/i18n';

/** A secret in a read-only box with a copy button (the text stays selectable without a clipboard). */
export function SecretField({ value, testId = 'secret-value' }: { value: string; testId?: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      message.success(t('portal.copied'));
    } catch {
      // No clipboard permission (plain http): the box can still be selected and copied by hand.
    }
  };
  return (
    <Space.Compact block>
      <Input readOnly value={value} data-testid={testId} style={{ fontFamily: 'monospace' }} />
      <Button onClick={copy}>{t('portal.copy')}</Button>
    </Space.Compact>
  );
}
