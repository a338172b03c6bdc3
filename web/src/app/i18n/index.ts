export { loadCatalogue } from './catalogues';
export {
  type I18n,
  I18nProvider,
  initialLocale,
  LOCALE_COOKIE,
  pickLocalized,
  preloadInitialLocale,
  rememberLocaleForServer,
  type Translate,
  useI18n,
} from './context';
export type { MessageKey } from './zh-CN';
