import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit } from './audit';
import { ManualClock } from './clock';
import { type Database, migrateToLatest } from './db';
import { testDatabaseTargets } from './db/testing';
import { withRequestContext } from './request-context';

/** recordAudit takes the credential and origin from the request context unless the entry says otherwise. */
describe.each(testDatabaseTargets())('recordAudit on $kind', (target) => {
  let database: Database;
  const clock = new ManualClock('2026-11-11T00:00:00Z');
  const actor = { userId: 'usr_op', role: 'operator' as const, via: 'session' as const };
  const context = {
    ip: '203.0.113.5',
    userAgent: 'curl/8.5',
    credentialId: 'key_abc',
    credentialKind: 'api_key' as const,
  };

  beforeAll(async () => {
    database = await target.open();
    await migrateToLatest(database.db);
  });
  afterAll(() => database.close());

  const row = (entityId: string) =>
    database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_id', '=', entityId)
      .executeTakeFirstOrThrow();

  it('fills credential, ip and user agent from the request context', async () => {
    await withRequestContext({ ...context }, () =>
      recordAudit(database.db, clock, {
        actor,
        action: 'x.y',
        entityType: 't',
        entityId: 'e1',
        before: 1,
        after: 2,
      }),
    );
    expect(await row('e1')).toMatchObject({
      actor_id: 'usr_op',
      credential_kind: 'api_key',
      credential_id: 'key_abc',
      ip: '203.0.113.5',
      user_agent: 'curl/8.5',
    });
  });

  it('an entry’s own values win; a system entry (no actor) borrows no credential, keeps the origin', async () => {
    await withRequestContext({ ...context }, async () => {
      await recordAudit(database.db, clock, {
        actor,
        action: 'x.y',
        entityType: 't',
        entityId: 'e2',
        credentialKind: 'session',
        credentialId: 'ses_1',
        ip: '198.51.100.1',
        userAgent: null,
      });
      await recordAudit(database.db, clock, {
        actor: null,
        action: 'login.failed',
        entityType: 'user',
        entityId: 'e3',
      });
    });
    expect(await row('e2')).toMatchObject({
      credential_kind: 'session',
      credential_id: 'ses_1',
      ip: '198.51.100.1',
      user_agent: null,
    });
    expect(await row('e3')).toMatchObject({
      actor_id: null,
      credential_kind: null,
      credential_id: null,
      ip: '203.0.113.5',
      user_agent: 'curl/8.5',
    });
  });

  it('outside a request (jobs, CLI) records the actor’s credential kind and no origin', async () => {
    await recordAudit(database.db, clock, { actor, action: 'x.y', entityType: 't', entityId: 'e4' });
    expect(await row('e4')).toMatchObject({
      credential_kind: 'session',
      credential_id: null,
      ip: null,
      user_agent: null,
    });
  });
});
