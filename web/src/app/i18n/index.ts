export { type I18n, I18nProvider, pickLocalized, type Translate, useI18n } from './context';
export type { MessageKey } from './zh-CN';
