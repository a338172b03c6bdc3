import { App as AntApp, ConfigProvider, theme } from 'antd';
import enUSAntd from 'antd/locale/en_US';
import zhCNAntd from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import 'dayjs/locale/en';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { Locale, Localized } from '../../api/types';
import { enUS } from './en-US';
import { type MessageKey, zhCN } from './zh-CN';

const STORAGE_KEY = 'carnival.locale';
const dictionaries: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, 'en-US': enUS };
const antdLocales = { 'zh-CN': zhCNAntd, 'en-US': enUSAntd };
const dayjsLocales: Record<Locale, string> = { 'zh-CN': 'zh-cn', 'en-US': 'en' };

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export interface I18n {
  locale: Locale;
  setLocale(locale: Locale): void;
  t: Translate;
  /** The current locale's text of a localized value, falling back to the other locale. */
  pick(value: Partial<Localized> | null | undefined): string;
}

const I18nContext = createContext<I18n | null>(null);

function initialLocale(): Locale {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored === 'zh-CN' || stored === 'en-US') return stored;
  } catch {
    // Storage may be unavailable (private mode); zh-CN is the default.
  }
  return 'zh-CN';
}

export function pickLocalized(value: Partial<Localized> | null | undefined, locale: Locale): string {
  if (!value) return '';
  const other: Locale = locale === 'zh-CN' ? 'en-US' : 'zh-CN';
  return value[locale]?.trim() ? value[locale]! : (value[other] ?? '');
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  dayjs.locale(dayjsLocales[locale]);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const setLocale = useCallback((next: Locale) => {
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Not persisted; the switch still applies to this page.
    }
    setLocaleState(next);
  }, []);

  const value = useMemo<I18n>(() => {
    const dict = dictionaries[locale];
    const t: Translate = (key, vars) => {
      const text = dict[key] ?? zhCN[key] ?? key;
      return vars ? text.replace(/\{(\w+)\}/g, (m, name: string) => String(vars[name] ?? m)) : text;
    };
    return { locale, setLocale, t, pick: (v) => pickLocalized(v, locale) };
  }, [locale, setLocale]);

  return (
    <I18nContext.Provider value={value}>
      <ConfigProvider
        locale={antdLocales[locale]}
        theme={{
          algorithm: theme.defaultAlgorithm,
          token: { colorPrimary: '#ff5000', colorLink: '#e8590c', borderRadius: 8, fontSize: 14 },
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
