import { App, type FormInstance, Input } from 'antd';
import type { Rule } from 'antd/es/form';
import { useCallback } from 'react';
import { isApiError } from '../api';
import { applyServerErrors, firstKnown, varsOf } from '../app/form-errors';
import { type MessageKey, useI18n } from '../app/i18n';
import { zhCN } from '../app/i18n/zh-CN';
import { dayjs } from '../app/time';
import { fenOf, fenToInput, isoOf, parseYuan, yuan } from './money';

export { fenOf, fenToInput, isoOf, parseYuan, yuan };

/** `¥1,234.50` for fen; '' for nothing. */
export const money = (fen: number | null | undefined) => (fen === null || fen === undefined ? '' : yuan(fen));

/** Yuan as typed, e.g. "300" or "12.50"; the form keeps the text and the submit turns it into fen. */
export function MoneyInput(props: {
  value?: string;
  onChange?(v: string): void;
  testId?: string;
  width?: number;
}) {
  return (
    <Input
      prefix="¥"
      inputMode="decimal"
      value={props.value}
      onChange={(e) => props.onChange?.(e.target.value)}
      data-testid={props.testId}
      style={{ width: props.width ?? 160 }}
    />
  );
}

/** The rules of a money field: as the server's `positive integer in minor units`, in yuan. */
export function useMoneyRules() {
  const { t } = useI18n();
  return useCallback(
    (required: boolean, positive = true): Rule[] => [
      ...(required ? [{ required: true, message: t('form.required') }] : []),
      {
        validator: async (_: unknown, v: string | undefined) => {
          if (v === undefined || v === null || String(v).trim() === '') return;
          const fen = parseYuan(v);
          if (fen === null) throw new Error(t('promo.money'));
          if (positive && fen <= 0) throw new Error(t('promo.positive'));
        },
      },
    ],
    [t],
  );
}

export const fmtTime = (iso: string | null | undefined) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '');

/** The catalogue's words for an error code; the server's English only outside zh-CN, as a last resort. */
export function useErrorText() {
  const { t, locale } = useI18n();
  return useCallback(
    (e: unknown): string => {
      if (!isApiError(e)) return t('common.error');
      const key = `console.error.${e.code}` as MessageKey;
      if (key in zhCN) return t(key);
      const shared = firstKnown(t, [`error.${e.code}`], varsOf(e.details));
      if (shared) return shared;
      return locale === 'zh-CN' ? t('console.error.unknown', { code: e.code }) : e.message || e.code;
    },
    [t, locale],
  );
}

/**
 * A failed submit: field issues go on the fields (with the catalogue's words where the page
 * mirrors the rule, else the server's), and a toast names what went wrong by its code.
 */
export function useFailure() {
  const { message } = App.useApp();
  const text = useErrorText();
  const { t } = useI18n();
  return useCallback(
    (e: unknown, form?: FormInstance) => {
      // Field issues in the catalogue's words (form-errors.ts), never the server's English.
      const paths = form && isApiError(e) ? applyServerErrors(form, e, t) : [];
      message.error(paths.length > 0 ? t('form.fixFields') : text(e));
    },
    [message, text, t],
  );
}
