import type { FormInstance } from 'antd';
import type { ApiError } from '../api';

export type NamePath = (string | number)[];

/** `phases.1.startsAt` → ['phases', 1, 'startsAt'], the antd Form name path. */
export function toNamePath(field: string): NamePath {
  return field
    .split('.')
    .filter(Boolean)
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/**
 * Puts the server's field errors on the fields of `form` (every issue, or the one `field`).
 * Returns the name paths that got an error; the caller shows the message when none did.
 */
export function applyServerErrors<T>(
  form: FormInstance<T>,
  error: ApiError,
  rename?: (p: NamePath) => NamePath,
) {
  const byField = new Map<string, string[]>();
  for (const issue of error.issues) {
    if (!issue.field) continue;
    byField.set(issue.field, [...(byField.get(issue.field) ?? []), issue.message]);
  }
  if (error.field && !byField.has(error.field)) byField.set(error.field, [error.message]);
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
