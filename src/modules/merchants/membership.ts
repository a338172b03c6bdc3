import type { Kysely, Selectable, Transaction } from 'kysely';
import { recordAudit } from '../../platform/audit';
import type { Actor } from '../../platform/auth';
import type { Clock } from '../../platform/clock';
import { conflict, notFound, unprocessable } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { DB } from '../../schema';
import { INVITATION_TTL_MS, type MemberRole, type StoreInvitation, type StoreMember } from './model';
import type { StoreAccessResult } from './service';
import { toMember } from './store';
import type { StoreInvitationsTable } from './tables';

/**
 * Store membership (issue 7): members join only by accepting an invitation sent to their
 * e-mail; owners remove members and change their roles; anyone may leave; a store always
 * keeps at least one owner (409 LAST_OWNER). Every change is audited.
 */
export interface MembershipDeps {
  db: Kysely<DB>;
  clock: Clock;
  access: (actor: Actor, storeId: string, need: 'read' | 'staff' | 'owner') => Promise<StoreAccessResult>;
}

type InvitationRow = Selectable<StoreInvitationsTable> & { store_name: string };

function toInvitation(row: InvitationRow, now: Date): StoreInvitation {
  const status = row.accepted_at
    ? 'accepted'
    : row.declined_at
      ? 'declined'
      : row.revoked_at
        ? 'revoked'
        : new Date(row.expires_at) <= now
          ? 'expired'
          : 'pending';
  return {
    id: row.id,
    storeId: row.store_id,
    storeName: row.store_name,
    email: row.email,
    role: row.role,
    invitedBy: row.invited_by,
    status,
    createdAt: new Date(row.created_at).toISOString(),
    expiresAt: new Date(row.expires_at).toISOString(),
  };
}

export function createMembership({ db, clock, access }: MembershipDeps) {
  const invitations = (q: Kysely<DB> | Transaction<DB>) =>
    q
      .selectFrom('store_invitations')
      .innerJoin('stores', 'stores.id', 'store_invitations.store_id')
      .selectAll('store_invitations')
      .select('stores.name as store_name');

  async function invite(
    actor: Actor,
    storeId: string,
    input: { email: string; role: MemberRole },
  ): Promise<StoreInvitation> {
    await access(actor, storeId, 'owner');
    const now = clock.now();
    return db.transaction().execute(async (trx) => {
      const pending = await trx
        .selectFrom('store_invitations')
        .select('id')
        .where('store_id', '=', storeId)
        .where((eb) => eb(eb.fn('lower', ['email']), '=', input.email.toLowerCase()))
        .where('accepted_at', 'is', null)
        .where('declined_at', 'is', null)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      if (pending)
        throw conflict('INVITATION_PENDING', 'email: an invitation to this address is already pending', {
          field: 'email',
          invitationId: pending.id,
        });
      const id = newId('inv');
      await trx
        .insertInto('store_invitations')
        .values({
          id,
          store_id: storeId,
          email: input.email,
          role: input.role,
          invited_by: actor.userId,
          created_at: now,
          expires_at: new Date(now.getTime() + INVITATION_TTL_MS),
        })
        .execute();
      await recordAudit(trx, clock, {
        actor,
        action: 'store.invite_member',
        entityType: 'store',
        entityId: storeId,
        after: { invitationId: id, email: input.email, role: input.role },
      });
      return toInvitation(
        await invitations(trx).where('store_invitations.id', '=', id).executeTakeFirstOrThrow(),
        now,
      );
    });
  }

  async function storeInvitations(actor: Actor, storeId: string): Promise<StoreInvitation[]> {
    await access(actor, storeId, 'owner');
    const rows = await invitations(db)
      .where('store_invitations.store_id', '=', storeId)
      .orderBy('store_invitations.created_at', 'desc')
      .execute();
    return rows.map((r) => toInvitation(r, clock.now()));
  }

  /** The signed-in user's pending invitations, matched on their account's e-mail. */
  async function myInvitations(actor: Actor): Promise<StoreInvitation[]> {
    const now = clock.now();
    const rows = await invitations(db)
      .where((eb) => eb(eb.fn('lower', ['store_invitations.email']), '=', actor.email.toLowerCase()))
      .where('store_invitations.accepted_at', 'is', null)
      .where('store_invitations.declined_at', 'is', null)
      .where('store_invitations.revoked_at', 'is', null)
      .where('store_invitations.expires_at', '>', now)
      .orderBy('store_invitations.created_at', 'desc')
      .execute();
    return rows.map((r) => toInvitation(r, now));
  }

  /**
   * Answers an invitation addressed to the actor, once: a conditional update, so two answers
   * racing (accept in one tab, decline in another) cannot both win. Someone else's invitation
   * is 404, so invitation ids reveal nothing.
   */
  async function answer(
    trx: Transaction<DB>,
    actor: Actor,
    invitationId: string,
    column: 'accepted_at' | 'declined_at',
  ) {
    const now = clock.now();
    const row = await invitations(trx).where('store_invitations.id', '=', invitationId).executeTakeFirst();
    if (!row || row.email.toLowerCase() !== actor.email.toLowerCase())
      throw notFound('Invitation', invitationId);
    const status = toInvitation(row, now).status;
    if (status === 'expired')
      throw conflict('INVITATION_EXPIRED', 'This invitation has expired; ask the store owner for a new one', {
        expiresAt: toInvitation(row, now).expiresAt,
      });
    if (status !== 'pending')
      throw conflict('INVITATION_ANSWERED', `This invitation is already ${status}`, { status });
    const updated = await trx
      .updateTable('store_invitations')
      .set({ [column]: now })
      .where('id', '=', invitationId)
      .where('accepted_at', 'is', null)
      .where('declined_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .returning('id')
      .executeTakeFirst();
    if (!updated) throw conflict('INVITATION_ANSWERED', 'This invitation was just answered', {});
    return row;
  }

  async function accept(actor: Actor, invitationId: string): Promise<StoreMember> {
    if (actor.role !== 'merchant')
      throw unprocessable('NOT_A_MERCHANT', 'Only merchant accounts can work in a store', {
        role: actor.role,
      });
    return db.transaction().execute(async (trx) => {
      const invitation = await answer(trx, actor, invitationId, 'accepted_at');
      const inserted = await trx
        .insertInto('store_members')
        .values({
          store_id: invitation.store_id,
          user_id: actor.userId,
          role: invitation.role,
          created_at: clock.now(),
        })
        .onConflict((oc) => oc.doNothing())
        .returningAll()
        .executeTakeFirst();
      if (!inserted) throw conflict('MEMBER_EXISTS', 'You already work in this store', {});
      await recordAudit(trx, clock, {
        actor,
        action: 'store.member_join',
        entityType: 'store',
        entityId: invitation.store_id,
        after: { userId: actor.userId, role: invitation.role, invitationId },
      });
      return toMember(inserted);
    });
  }

  async function decline(actor: Actor, invitationId: string): Promise<void> {
    await db.transaction().execute(async (trx) => {
      const invitation = await answer(trx, actor, invitationId, 'declined_at');
      await recordAudit(trx, clock, {
        actor,
        action: 'store.invitation_decline',
        entityType: 'store',
        entityId: invitation.store_id,
        after: { invitationId },
      });
    });
  }

  async function revokeInvitation(actor: Actor, storeId: string, invitationId: string): Promise<void> {
    await access(actor, storeId, 'owner');
    await db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('store_invitations')
        .set({ revoked_at: clock.now() })
        .where('id', '=', invitationId)
        .where('store_id', '=', storeId)
        .where('accepted_at', 'is', null)
        .where('declined_at', 'is', null)
        .where('revoked_at', 'is', null)
        .returning(['email', 'role'])
        .executeTakeFirst();
      if (!updated) throw notFound('Pending invitation', invitationId);
      await recordAudit(trx, clock, {
        actor,
        action: 'store.invitation_revoke',
        entityType: 'store',
        entityId: storeId,
        before: { invitationId, ...updated },
      });
    });
  }

  /**
   * The store row is locked first, so two owners leaving (or demoting each other) at once
   * are serialized and the owner count they check is the real one.
   */
  async function changeMember(
    actor: Actor,
    storeId: string,
    userId: string,
    change: { remove: true } | { role: MemberRole },
  ): Promise<StoreMember | null> {
    const leaving = 'remove' in change && userId === actor.userId;
    await access(actor, storeId, leaving ? 'staff' : 'owner');
    return db.transaction().execute(async (trx) => {
      await trx.selectFrom('stores').select('id').where('id', '=', storeId).forUpdate().executeTakeFirst();
      const member = await trx
        .selectFrom('store_members')
        .selectAll()
        .where('store_id', '=', storeId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      if (!member) throw notFound('Store member', userId);
      const losesOwner = member.role === 'owner' && ('remove' in change || change.role !== 'owner');
      if (losesOwner) {
        const owners = await trx
          .selectFrom('store_members')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('store_id', '=', storeId)
          .where('role', '=', 'owner')
          .executeTakeFirstOrThrow();
        if (Number(owners.n) <= 1)
          throw conflict('LAST_OWNER', 'A store must keep an owner: make someone else owner first', {
            field: 'userId',
            userId,
          });
      }
      if ('remove' in change) {
        await trx
          .deleteFrom('store_members')
          .where('store_id', '=', storeId)
          .where('user_id', '=', userId)
          .execute();
        await recordAudit(trx, clock, {
          actor,
          action: leaving ? 'store.member_leave' : 'store.remove_member',
          entityType: 'store',
          entityId: storeId,
          before: { userId, role: member.role },
        });
        return null;
      }
      const updated = await trx
        .updateTable('store_members')
        .set({ role: change.role })
        .where('store_id', '=', storeId)
        .where('user_id', '=', userId)
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, clock, {
        actor,
        action: 'store.set_member_role',
        entityType: 'store',
        entityId: storeId,
        before: { userId, role: member.role },
        after: { userId, role: change.role },
      });
      return toMember(updated);
    });
  }

  return {
    invite,
    storeInvitations,
    myInvitations,
    accept,
    decline,
    revokeInvitation,
    removeMember: (actor: Actor, storeId: string, userId: string) =>
      changeMember(actor, storeId, userId, { remove: true }).then(() => undefined),
    setMemberRole: async (actor: Actor, storeId: string, userId: string, role: MemberRole) =>
      (await changeMember(actor, storeId, userId, { role }))!,
  };
}

export type Membership = ReturnType<typeof createMembership>;
