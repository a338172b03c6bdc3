export { loadCatalogue } from './catalogues';
export {
  type I18n,
  I18nProvider,
  initialLocale,
  pickLocalized,
  preloadInitialLocale,
  rememberLocaleForServer,
  type Translate,
  useI18n,
} from './context';
export type { MessageKey } from './zh-CN';
