import type { Locale as AntdLocale } from 'antd/es/locale';
import zhCNAntd from 'antd/es/locale/zh_CN';
import 'dayjs/locale/zh-cn';
import type { Locale } from '../../api/types';
import { type MessageKey, zhCN } from './zh-CN';

/** Everything one locale needs: our messages, antd's texts and the dayjs locale's name. */
export interface Catalogue {
  messages: Record<MessageKey, string>;
  antd: AntdLocale;
  dayjs: string;
}

/**
 * zh-CN is the default and the fallback of every lookup, so it ships with the shell; en-US (as
 * big again: a quarter of the shell's script before this split) is fetched only when a visitor
 * picks it, or on a start whose stored choice is en-US, before the first render (main.tsx).
 */
const loaded: Partial<Record<Locale, Catalogue>> = {
  'zh-CN': { messages: zhCN, antd: zhCNAntd, dayjs: 'zh-cn' },
};
const loaders: Record<Locale, () => Promise<Catalogue>> = {
  'zh-CN': async () => loaded['zh-CN']!,
  'en-US': () => import('./en-US.catalogue').then((m) => m.enUSCatalogue),
};
const pending = new Map<Locale, Promise<Catalogue>>();

/** The locale's catalogue if it has been loaded, else undefined. */
export const catalogueOf = (locale: Locale): Catalogue | undefined => loaded[locale];

/** Loads a locale's catalogue once (a failed load may be retried). */
export function loadCatalogue(locale: Locale): Promise<Catalogue> {
  const have = loaded[locale];
  if (have) return Promise.resolve(have);
  let p = pending.get(locale);
  if (!p) {
    p = loaders[locale]().then(
      (c) => {
        loaded[locale] = c;
        pending.delete(locale);
        return c;
      },
      (e: unknown) => {
        pending.delete(locale);
        throw e;
      },
    );
    pending.set(locale, p);
  }
  return p;
}
