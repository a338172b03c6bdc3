import type { FormInstance } from 'antd';
import { isApiError } from '../api';
import type { Translate } from '../app/i18n';

/**
 * The sign-in and password errors worth words of their own: a weak password says why (the
 * server's reason, from the strength estimator), throttling says how long to wait. Returns
 * false for anything else, which the caller hands to the generic handler.
 */
export function showAuthError<T>(error: unknown, form: FormInstance<T>, t: Translate): boolean {
  if (!isApiError(error)) return false;
  const details = error.details ?? {};
  if (error.code === 'WEAK_PASSWORD' && error.field) {
    const reason = typeof details.reason === 'string' ? details.reason : '';
    form.setFields([{ name: error.field as never, errors: [`${t('auth.weakPassword')} ${reason}`.trim()] }]);
    return true;
  }
  if (error.status === 429 && (error.code === 'TOO_MANY_ATTEMPTS' || error.code === 'LOGIN_BUSY')) {
    const seconds = Number(details.retryAfterSeconds ?? 1);
    const wait =
      seconds >= 120
        ? t('auth.wait.minutes', { n: Math.ceil(seconds / 60) })
        : t('auth.wait.seconds', { n: seconds });
    form.setFields([{ name: 'password' as never, errors: [t('auth.throttled', { wait })] }]);
    return true;
  }
  if (error.status === 503) {
    form.setFields([{ name: 'password' as never, errors: [t('auth.unavailable')] }]);
    return true;
  }
  return false;
}
