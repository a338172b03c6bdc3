import { App as AntApp, ConfigProvider, theme } from 'antd';
import dayjs from 'dayjs';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { Locale, Localized } from '../../api/types';
import { useReducedMotion } from '../useReducedMotion';
import { catalogueOf, loadCatalogue } from './catalogues';
import { type MessageKey, zhCN } from './zh-CN';

const STORAGE_KEY = 'carnival.locale';

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export interface I18n {
  locale: Locale;
  setLocale(locale: Locale): void;
  t: Translate;
  /** The current locale's text of a localized value, falling back to the other locale. */
  pick(value: Partial<Localized> | null | undefined): string;
}

const I18nContext = createContext<I18n | null>(null);

export function initialLocale(): Locale {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored === 'zh-CN' || stored === 'en-US') return stored;
  } catch {
    // Storage may be unavailable (private mode); zh-CN is the default.
  }
  return 'zh-CN';
}

/**
 * The choice as a cookie too: the server renders public pages (the agenda) in it, so a visitor
 * who chose English does not see the first paint in Chinese. Not a secret and not a session:
 * readable by scripts, a year long, for this site only.
 */
const LOCALE_COOKIE = 'carnival_locale';

export function rememberLocaleForServer(locale: Locale): void {
  if (typeof document === 'undefined') return;
  // biome-ignore lint/suspicious/noDocumentCookie: one plain preference cookie, no Cookie Store API in every browser yet
  document.cookie = `${LOCALE_COOKIE}=${locale}; path=/; max-age=31536000; samesite=lax`;
}

export function pickLocalized(value: Partial<Localized> | null | undefined, locale: Locale): string {
  if (!value) return '';
  const other: Locale = locale === 'zh-CN' ? 'en-US' : 'zh-CN';
  return value[locale]?.trim() ? value[locale]! : (value[other] ?? '');
}

/** Before the first render (main.tsx): the stored locale's catalogue, so the page never shows another. */
export function preloadInitialLocale(): Promise<unknown> {
  return loadCatalogue(initialLocale()).catch(() => undefined);
}

/** `locale`: the server's render (web/src/ssr) says which; in the browser it is the stored choice. */
export function I18nProvider({ children, locale: fixed }: { children: ReactNode; locale?: Locale }) {
  // A catalogue that failed to load (offline) leaves the page in zh-CN, which is always there.
  const [locale, setLocaleState] = useState<Locale>(() => {
    const wanted = fixed ?? initialLocale();
    return catalogueOf(wanted) ? wanted : 'zh-CN';
  });
  const catalogue = catalogueOf(locale) ?? catalogueOf('zh-CN')!;
  dayjs.locale(catalogue.dayjs);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const setLocale = useCallback((next: Locale) => {
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Not persisted; the switch still applies to this page.
    }
    rememberLocaleForServer(next);
    // The other locale's catalogue is its own chunk: the page switches once it has arrived.
    loadCatalogue(next).then(
      () => setLocaleState(next),
      () => undefined,
    );
  }, []);

  const value = useMemo<I18n>(() => {
    const dict = catalogue.messages;
    const t: Translate = (key, vars) => {
      const text = dict[key] ?? zhCN[key] ?? key;
      return vars ? text.replace(/\{(\w+)\}/g, (m, name: string) => String(vars[name] ?? m)) : text;
    };
    return { locale, setLocale, t, pick: (v) => pickLocalized(v, locale) };
  }, [locale, catalogue, setLocale]);
  const reducedMotion = useReducedMotion();

  return (
    <I18nContext.Provider value={value}>
      <ConfigProvider
        locale={catalogue.antd}
        theme={{
          // Component styles come from antd's static stylesheet (App.tsx), not generated per
          // component at render time: ~180 ms less main-thread work on a cold visit (issue 12).
          // The theme's tokens still apply: they are CSS variables set on this provider's scope.
          zeroRuntime: true,
          algorithm: theme.defaultAlgorithm,
          token: {
            colorPrimary: '#ff5000',
            colorLink: '#e8590c',
            borderRadius: 8,
            fontSize: 14,
            motion: !reducedMotion,
          },
        }}
      >
        <AntApp>{children}</AntApp>
      </ConfigProvider>
    </I18nContext.Provider>
  );
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}
