export {
  type I18n,
  I18nProvider,
  pickLocalized,
  preloadInitialLocale,
  type Translate,
  useI18n,
} from './context';
export type { MessageKey } from './zh-CN';
