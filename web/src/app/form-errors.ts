import type { FormInstance } from 'antd';
import type { ApiError, FieldIssue } from '../api';
import type { MessageKey } from './i18n/zh-CN';

/** The provider's translate (i18n/context.tsx), named here so plain-TS tests can load this file. */
type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export type NamePath = (string | number)[];

/** `phases.1.startsAt` → ['phases', 1, 'startsAt'], the antd Form name path. */
export function toNamePath(field: string): NamePath {
  return field
    .split('.')
    .filter(Boolean)
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** A validation issue as the server sends it: zod's rule beside its English message. */
type RuledIssue = FieldIssue & { rule?: string; origin?: string; format?: string };

/** The details a catalogue text may name (`{max}`, `{minimum}`...): numbers and strings only. */
export function varsOf(...sources: (object | undefined)[]): Record<string, string | number> {
  const vars: Record<string, string | number> = {};
  for (const source of sources)
    for (const [k, v] of Object.entries(source ?? {}))
      if (typeof v === 'number' || typeof v === 'string') vars[k] = v;
  return vars;
}

/** The first key the catalogue has, with the text interpolated; null when none is there. */
export function firstKnown(
  t: Translate,
  keys: string[],
  vars: Record<string, string | number>,
): string | null {
  for (const key of keys) {
    const text = t(key as MessageKey, vars);
    // An unknown key comes back as itself; a text still naming a missing detail is not used either.
    if (text !== key && !/\{\w+\}/.test(text)) return text;
  }
  return null;
}

/**
 * A field's error in the UI's words. A validation issue is worded from its rule
 * (`validation.too_small.string`: "至少 {minimum} 个字符"); any other refusal that names a field
 * from `error.<CODE>` with the error's details. The server's English only when the catalogue has
 * no words for it.
 */
export function fieldErrorText(t: Translate, error: ApiError, issue?: FieldIssue): string {
  const ruled = issue as RuledIssue | undefined;
  if (ruled?.rule) {
    const keys = [
      ...(ruled.format ? [`validation.${ruled.rule}.${ruled.format}`] : []),
      ...(ruled.origin ? [`validation.${ruled.rule}.${ruled.origin}`] : []),
      `validation.${ruled.rule}`,
    ];
    const text = firstKnown(t, keys, varsOf(ruled));
    if (text) return text;
  }
  return firstKnown(t, [`error.${error.code}`], varsOf(error.details)) ?? issue?.message ?? error.message;
}

/**
 * Puts the server's field errors on the fields of `form` (every issue, or the one `field`), in
 * the catalogue's words (fieldErrorText). Returns the name paths that got an error; the caller
 * shows the message when none did.
 */
export function applyServerErrors<T>(
  form: FormInstance<T>,
  error: ApiError,
  t: Translate,
  rename?: (p: NamePath) => NamePath,
) {
  const byField = new Map<string, string[]>();
  for (const issue of error.issues) {
    if (!issue.field) continue;
    const text = fieldErrorText(t, error, issue);
    const texts = byField.get(issue.field) ?? [];
    if (!texts.includes(text)) byField.set(issue.field, [...texts, text]);
  }
  if (error.field && !byField.has(error.field)) byField.set(error.field, [fieldErrorText(t, error)]);
  const paths: NamePath[] = [];
  const fields = [...byField].map(([field, errors]) => {
    const name = rename ? rename(toNamePath(field)) : toNamePath(field);
    paths.push(name);
    return { name, errors };
  });
  if (fields.length > 0) {
    // biome-ignore lint/suspicious/noExplicitAny: antd's setFields is typed against the form's own paths
    form.setFields(fields as any);
    form.scrollToField(paths[0]!, { block: 'center' });
  }
  return paths;
}
