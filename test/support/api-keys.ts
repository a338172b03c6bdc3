import type { Role, Scope } from '../../src/platform/auth';
import type { Harness } from './harness';

/** A signed-in user of `role` and an API key of theirs with the given grant, minted by the service. */
export async function userWithKey(
  h: Harness,
  role: Role,
  grant: { scopes: Scope[]; storeIds?: string[]; campaignIds?: string[]; ratePerMinute?: number },
) {
  const user = await h.signIn(role);
  const key = await keyFor(h, { ...user, role }, grant);
  return { ...user, ...key };
}

/** Another key for a user the test already has. */
export async function keyFor(
  h: Harness,
  user: { userId: string; email: string; role: Role },
  grant: { scopes: Scope[]; storeIds?: string[]; campaignIds?: string[]; ratePerMinute?: number },
) {
  const actor = {
    userId: user.userId,
    role: user.role,
    email: user.email,
    displayName: 'x',
    via: 'session' as const,
  };
  const { key, info } = await h.services.accounts.createApiKey(actor, { name: 'test', ...grant });
  return { key, keyId: info.id, bearer: { authorization: `Bearer ${key}` } };
}
