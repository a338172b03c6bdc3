import type { FormInstance } from 'antd';
import { isApiError } from '../api';
import { toNamePath } from '../app/form-errors';
import type { MessageKey, Translate } from '../app/i18n';
import { errorText } from '../app/useServerErrors';

/**
 * A refusal of the call for proposals in the reader's language: `error.<CODE>` from the
 * catalogue (docs/cfp.md lists every code), with CFP_CLOSED's reason when the server gives one.
 */
export function cfpErrorText(t: Translate, error: unknown): string {
  if (isApiError(error) && error.code === 'CFP_CLOSED') {
    const reason = error.details?.reason;
    if (reason === 'not_configured' || reason === 'not_open' || reason === 'closed')
      return t(`error.CFP_CLOSED.${reason}` as MessageKey);
  }
  return errorText(t, error);
}

/** The label key of each form field the server may name (`details.field`), for the field's own text. */
const FIELD_LABELS: Record<string, MessageKey> = {
  title: 'cfp.form.title',
  abstract: 'cfp.form.abstract',
  description: 'cfp.form.description',
  level: 'cfp.form.level',
  language: 'cfp.form.language',
  notesForReviewers: 'cfp.form.notes',
  trackId: 'cfp.form.track',
  submissionTypeId: 'cfp.form.type',
  expectedAudience: 'cfp.form.expectedAudience',
  name: 'cfp.form.name',
  bio: 'cfp.form.bio',
  photoUrl: 'cfp.form.photoUrl',
  company: 'cfp.form.company',
  email: 'cfp.form.email',
  comment: 'cfp.review.comment',
  opensAt: 'cfp.opensAt',
  closesAt: 'cfp.closesAt',
  criteria: 'cfp.settings.criteria',
  submissionTypes: 'cfp.settings.types',
  trackIds: 'cfp.reviewers.tracks',
};

/**
 * Puts a refusal that names a field under that field, in the catalogue's words (the server's
 * message is English): `profile.photoUrl` → the photo field. Returns whether a field took it.
 */
export function showFieldError(
  t: Translate,
  form: FormInstance | undefined,
  error: unknown,
  rename: (field: string) => string = (f) => f,
): boolean {
  if (!form || !isApiError(error) || !error.field) return false;
  const path = toNamePath(rename(error.field));
  const labelKey = [...path].reverse().find((p): p is string => typeof p === 'string' && p in FIELD_LABELS);
  const label = labelKey ? t(FIELD_LABELS[labelKey]!) : '';
  const text = label ? t('cfp.form.invalid', { field: label }) : cfpErrorText(t, error);
  try {
    form.setFields([{ name: path, errors: [text] }]);
    form.scrollToField(path, { block: 'center' });
  } catch {
    return false;
  }
  return true;
}
