import { App, type FormInstance } from 'antd';
import { useCallback } from 'react';
import { type ApiError, isApiError } from '../../api';
import { toNamePath } from '../../app/form-errors';
import { type MessageKey, type Translate, useI18n } from '../../app/i18n';
import { zhCN } from '../../app/i18n/zh-CN';
import { formatInZone } from '../../app/time';
import type { TicketSetup } from './api';

/** The console shows and enters sale windows in the events' zone (the demo's are all in China). */
export const EVENT_TZ = 'Asia/Shanghai';

export const fmtInstant = (iso: string | null | undefined) => (iso ? formatInZone(iso, EVENT_TZ) : '');

const known = (key: string): key is MessageKey => key in zhCN;

/** A refusal in the catalogue's words: `error.<CODE>`, else a generic line naming nothing raw. */
export function refusalText(t: Translate, e: unknown): string {
  if (!isApiError(e)) return t('common.error');
  const key = `error.${e.code}`;
  return known(key) ? t(key) : t('tcon.error.other');
}

/**
 * The words under one field: a rule this page knows by (code, field) (`tcon.field.<CODE>.<field>`,
 * list indexes dropped), else the code's catalogue text. Never the server's English.
 */
export function fieldText(t: Translate, e: ApiError, field: string): string {
  const key = `tcon.field.${e.code}.${field.replace(/\.\d+(?=\.|$)/g, '')}`;
  return known(key) ? t(key) : refusalText(t, e);
}

/** Every field the refusal names (`details.field`, or the validation issues). */
const fieldsOf = (e: ApiError): string[] => [
  ...new Set([...(e.field ? [e.field] : []), ...e.issues.map((i) => i.field).filter(Boolean)]),
];

/**
 * A failed save: the fields the server named get the catalogue's words under them, and a toast
 * says what went wrong (the field may be out of sight). `rename` maps a server path onto the form's.
 */
export function useTicketFailure() {
  const { message } = App.useApp();
  const { t } = useI18n();
  return useCallback(
    (e: unknown, form?: FormInstance, rename?: (field: string) => string | null) => {
      const fields = isApiError(e) && form ? fieldsOf(e) : [];
      const placed: { name: (string | number)[]; errors: string[] }[] = [];
      for (const field of fields) {
        const target = rename ? rename(field) : field;
        if (!target) continue;
        placed.push({ name: toNamePath(target), errors: [fieldText(t, e as ApiError, field)] });
      }
      if (form && placed.length > 0) {
        form.setFields(placed as never);
        message.error(placed[0]!.errors[0]);
      } else message.error(refusalText(t, e));
    },
    [message, t],
  );
}

/** Joins names as the reader's language lists them (、 in Chinese, a comma in English). */
export function useJoin() {
  const { locale } = useI18n();
  return (items: string[]) => items.join(locale === 'zh-CN' ? '、' : ', ');
}

/** Ticket type id → its name in the reader's language. */
export function useTypeNames(setup: TicketSetup | undefined) {
  const { pick } = useI18n();
  const names = new Map((setup?.types ?? []).map((ty) => [ty.id, pick(ty.name)]));
  return (id: string) => names.get(id) ?? '—';
}
