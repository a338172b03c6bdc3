import { Segmented } from 'antd';
import type { Locale } from '../api';
import { useI18n } from './i18n';

export function LocaleSwitch() {
  const { locale, setLocale, t } = useI18n();
  return (
    <Segmented<Locale>
      size="small"
      aria-label={t('locale.switch')}
      data-testid="locale-switch"
      value={locale}
      onChange={setLocale}
      options={[
        { label: '中文', value: 'zh-CN' },
        { label: 'English', value: 'en-US' },
      ]}
    />
  );
}
