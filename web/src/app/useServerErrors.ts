import { App, type FormInstance } from 'antd';
import { useCallback } from 'react';
import { isApiError } from '../api';
import { applyServerErrors, type NamePath } from './form-errors';
import { useI18n } from './i18n';

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
      const paths = form ? applyServerErrors(form, error, rename) : [];
      // The field itself shows the server's words; the toast only points at it.
      message.error(paths.length > 0 ? t('form.fixFields') : error.message || t('common.error'));
      return paths;
    },
    [message, t],
  );
}
