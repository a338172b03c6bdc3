import { describe, expect, it } from 'vitest';
import { SCOPE_NAMES } from '../src/platform/auth';
import { API_SCOPES } from '../web/src/api/developer';
import { portalEnUS } from '../web/src/app/i18n/portal.en-US';
import { portalZhCN } from '../web/src/app/i18n/portal.zh-CN';

/**
 * The developer portal restates the server's scope list (web/src/api/developer.ts) until the
 * generated client lands; this keeps the two, and the descriptions in both languages, in step.
 */
describe('developer portal catalogue', () => {
  it('offers exactly the server’s scopes, in its order', () => {
    expect([...API_SCOPES]).toEqual(SCOPE_NAMES);
  });

  it('describes every scope in zh-CN and en-US', () => {
    for (const scope of SCOPE_NAMES) {
      const key = `portal.scope.${scope}` as keyof typeof portalZhCN;
      expect(portalZhCN[key], `zh-CN ${scope}`).toBeTruthy();
      expect(portalEnUS[key], `en-US ${scope}`).toBeTruthy();
    }
  });
});
