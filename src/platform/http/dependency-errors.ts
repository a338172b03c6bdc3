import { isDatabaseUnavailableError } from '../db/availability';
import { type AppError, serviceUnavailable } from '../errors';

/**
 * A dependency that cannot answer now becomes a fast 503 with Retry-After instead of a 500:
 * the request was fine, the platform is (briefly) not. Returns undefined for everything else.
 */
export function dependencyErrorToAppError(err: unknown): AppError | undefined {
  if (isDatabaseUnavailableError(err))
    return serviceUnavailable('DATABASE_UNAVAILABLE', 'The database is unavailable; try again shortly', 2);
  return undefined;
}
