import { App, type FormInstance } from 'antd';
import { useCallback } from 'react';
import { isApiError } from '../api';
import { applyServerErrors, firstKnown, type NamePath, varsOf } from './form-errors';
import { type Translate, useI18n } from './i18n';

/** An API refusal in the UI's words: `error.<CODE>` from the catalogue, else the server's message. */
export function errorText(t: Translate, error: unknown): string {
  if (!isApiError(error)) return error instanceof Error ? error.message : t('common.error');
  return (
    firstKnown(t, [`error.${error.code}`], varsOf(error.details)) ?? (error.message || t('common.error'))
  );
}

/**
 * A handler for a failed submit: server field errors go onto the form's fields, and the
 * message is shown as a toast as well (a field might sit on a tab the user can't see).
 */
export function useServerErrors() {
  const { message } = App.useApp();
  const { t } = useI18n();
  return useCallback(
    (error: unknown, form?: FormInstance, rename?: (p: NamePath) => NamePath): NamePath[] => {
      if (!isApiError(error)) {
        message.error(error instanceof Error ? error.message : t('common.error'));
        return [];
      }
      const paths = form ? applyServerErrors(form, error, t, rename) : [];
      // The field shows the catalogue's words for its error (fieldErrorText); the toast only
      // points at it. Otherwise the catalogue's words for the code; the server's English only
      // when the catalogue has none.
      message.error(paths.length > 0 ? t('form.fixFields') : errorText(t, error));
      return paths;
    },
    [message, t],
  );
}
