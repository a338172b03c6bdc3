import type { Kysely } from 'kysely';
import { recordAudit } from '../../platform/audit';
import type { Actor } from '../../platform/auth';
import { recordEvent } from '../../platform/bus';
import type { Clock } from '../../platform/clock';
import { isAppError, notFound } from '../../platform/errors';
import { type IdempotentResult, requestFingerprint, runIdempotent } from '../../platform/http/idempotency';
import { newId } from '../../platform/ids';
import type { DB } from '../../schema';
import { skuInfosIn } from '../catalog';
import { charityEscrow, credit, debit, externalFunding, type Ledger } from '../ledger';
import type { MerchantsService } from '../merchants';
import { accrueSubOrder, CHARITY_DISBURSEMENT } from './accrual';
import {
  charityNotVerified,
  duplicateCreditCode,
  escrowInsufficient,
  invalidCreditCode,
  invalidRule,
  projectNotFundraising,
} from './errors';
import { type DonationLog, isValidCreditCode } from './model';
import { createCharityReads } from './reads';
import type { CharityDraft, DisbursementDraft, ProjectDraft, RuleDraft } from './schemas';
import type { ProjectStatus } from './tables';

export interface CharityDeps {
  db: Kysely<DB>;
  clock: Clock;
  ledger: Pick<Ledger, 'post'>;
  merchants: Pick<MerchantsService, 'access'>;
  /** The transparency log (src/modules/transparency): every donation and disbursement is an entry. */
  log: DonationLog;
  onEventsRecorded?: () => void;
}

export function createCharityService(deps: CharityDeps) {
  const { db, clock } = deps;
  const reads = createCharityReads(deps);

  async function registerCharity(actor: Actor, input: CharityDraft) {
    if (!isValidCreditCode(input.creditCode)) throw invalidCreditCode();
    const now = clock.now();
    const id = newId('chr', now.getTime());
    return db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('charities')
        .values({
          id,
          name_zh: input.nameZh,
          name_en: input.nameEn,
          credit_code: input.creditCode,
          public_fundraising: input.publicFundraising,
          contact: JSON.stringify(input.contact),
          bank_account: input.bankAccount,
          status_reason: null,
          verified_by: null,
          verified_at: null,
          created_by: actor.userId,
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) => oc.column('credit_code').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!row) throw duplicateCreditCode();
      await recordAudit(trx, clock, {
        actor,
        action: 'charity.register',
        entityType: 'charity',
        entityId: id,
        after: input,
      });
      return reads.charity(trx, id);
    });
  }

  /** Verify or reject (audited, with a reason). Only verified charities receive money. */
  async function verifyCharity(
    actor: Actor,
    id: string,
    input: { decision: 'verify' | 'reject'; reason: string },
  ) {
    const now = clock.now();
    const status = input.decision === 'verify' ? 'verified' : 'rejected';
    return db.transaction().execute(async (trx) => {
      const before = await reads.charity(trx, id);
      await trx
        .updateTable('charities')
        .set({
          status,
          status_reason: input.reason,
          verified_by: actor.userId,
          verified_at: now,
          updated_at: now,
        })
        .where('id', '=', id)
        .execute();
      await recordAudit(trx, clock, {
        actor,
        action: `charity.${input.decision}`,
        entityType: 'charity',
        entityId: id,
        before: { status: before.status },
        after: { status },
        reason: input.reason,
      });
      return reads.charity(trx, id);
    });
  }

  async function createProject(actor: Actor, input: ProjectDraft) {
    const now = clock.now();
    const id = newId('cpj', now.getTime());
    return db.transaction().execute(async (trx) => {
      await reads.charity(trx, input.charityId);
      await trx
        .insertInto('charity_projects')
        .values({
          id,
          charity_id: input.charityId,
          title_zh: input.titleZh,
          title_en: input.titleEn,
          description: input.description,
          description_en: input.descriptionEn,
          target_amount: input.targetAmount,
          beneficiaries: input.beneficiaries,
          beneficiaries_en: input.beneficiariesEn,
          region: input.region,
          region_en: input.regionEn,
          starts_on: input.startsOn,
          ends_on: input.endsOn,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await recordAudit(trx, clock, {
        actor,
        action: 'charity.project.create',
        entityType: 'charity_project',
        entityId: id,
        after: input,
      });
      return reads.projectRow(trx, id);
    });
  }

  /** draft → fundraising needs a verified charity; closing stops new charity items and checkouts. */
  async function setProjectStatus(
    actor: Actor,
    id: string,
    input: { status: ProjectStatus; reason: string },
  ) {
    const now = clock.now();
    return db.transaction().execute(async (trx) => {
      const p = await reads.projectRow(trx, id);
      if (input.status === 'fundraising') {
        const c = await reads.charity(trx, p.charityId);
        if (c.status !== 'verified') throw charityNotVerified(c.id);
      }
      await trx
        .updateTable('charity_projects')
        .set({ status: input.status, updated_at: now })
        .where('id', '=', id)
        .execute();
      await recordAudit(trx, clock, {
        actor,
        action: 'charity.project.status',
        entityType: 'charity_project',
        entityId: id,
        before: { status: p.status },
        after: { status: input.status },
        reason: input.reason,
      });
      return reads.projectRow(trx, id);
    });
  }

  async function addUpdate(
    actor: Actor,
    projectId: string,
    input: { body: string; bodyEn?: string; photoUrls: string[] },
  ) {
    const now = clock.now();
    await reads.projectRow(db, projectId);
    const id = newId('cpu', now.getTime());
    await db
      .insertInto('charity_project_updates')
      .values({
        id,
        project_id: projectId,
        body: input.body,
        body_en: input.bodyEn ?? '',
        photo_urls: JSON.stringify(input.photoUrls),
        created_by: actor.userId,
        created_at: now,
      })
      .execute();
    return {
      id,
      body: input.body,
      bodyEn: input.bodyEn ?? '',
      photoUrls: input.photoUrls,
      createdAt: now.toISOString(),
    };
  }

  /**
   * A store member marks a SKU of their store (公益宝贝). The rule in force is a new immutable
   * version: the old one is retired in the same transaction, so past orders keep theirs.
   */
  async function setRule(actor: Actor, skuId: string, input: RuleDraft) {
    if (input.kind === 'fixed' && input.amount > 100_000)
      throw invalidRule('A fixed donation is at most ¥1,000.00 per unit', 'amount');
    if (input.kind === 'percent' && input.amount > 10_000)
      throw invalidRule('A percentage is at most 10000 basis points (100%)', 'amount');
    const sku = (await skuInfosIn(db, [skuId])).get(skuId);
    if (!sku) throw notFound('SKU', skuId);
    await deps.merchants.access(actor, sku.storeId, 'staff', { what: 'SKU', id: skuId });
    if (input.kind === 'fixed' && input.amount > sku.price)
      throw invalidRule('A fixed donation cannot exceed the SKU’s price', 'amount');
    const now = clock.now();
    return db.transaction().execute(async (trx) => {
      const p = await reads.projectRow(trx, input.projectId);
      if (p.status !== 'fundraising') throw projectNotFundraising(p.id, p.status);
      const c = await reads.charity(trx, p.charityId);
      if (c.status !== 'verified') throw charityNotVerified(c.id);
      const retired = await trx
        .updateTable('charity_rules')
        .set({ retired_at: now })
        .where('sku_id', '=', skuId)
        .where('retired_at', 'is', null)
        .returning(['id', 'kind', 'amount', 'project_id'])
        .executeTakeFirst();
      const id = newId('crl', now.getTime());
      await trx
        .insertInto('charity_rules')
        .values({
          id,
          sku_id: skuId,
          store_id: sku.storeId,
          project_id: p.id,
          kind: input.kind,
          amount: input.amount,
          created_by: actor.userId,
          created_at: now,
          retired_at: null,
        })
        .execute();
      await recordAudit(trx, clock, {
        actor,
        action: 'charity.item.set',
        entityType: 'sku',
        entityId: skuId,
        before: retired ?? null,
        after: input,
      });
      return {
        id,
        skuId,
        storeId: sku.storeId,
        projectId: p.id,
        kind: input.kind,
        amount: input.amount,
        createdAt: now.toISOString(),
      };
    });
  }

  async function clearRule(actor: Actor, skuId: string) {
    const sku = (await skuInfosIn(db, [skuId])).get(skuId);
    if (!sku) throw notFound('SKU', skuId);
    await deps.merchants.access(actor, sku.storeId, 'staff', { what: 'SKU', id: skuId });
    const now = clock.now();
    await db.transaction().execute(async (trx) => {
      const retired = await trx
        .updateTable('charity_rules')
        .set({ retired_at: now })
        .where('sku_id', '=', skuId)
        .where('retired_at', 'is', null)
        .returning(['id'])
        .executeTakeFirst();
      if (retired)
        await recordAudit(trx, clock, {
          actor,
          action: 'charity.item.clear',
          entityType: 'sku',
          entityId: skuId,
          before: retired,
        });
    });
  }

  /**
   * Escrow → the charity's account outside the platform (Dr escrow / Cr external funding). The
   * ledger's conditional write refuses to take the escrow below zero; that refusal is
   * ESCROW_INSUFFICIENT and the whole transaction, log entry included, rolls back.
   */
  async function disburse(
    actor: Actor,
    input: DisbursementDraft,
    key: string,
  ): Promise<IdempotentResult<{ disbursement: Awaited<ReturnType<typeof reads.disbursementsOf>>[number] }>> {
    const result = await runIdempotent<{
      disbursement: Awaited<ReturnType<typeof reads.disbursementsOf>>[number];
    }>(
      db,
      {
        scope: `charity.disburse:${actor.userId}`,
        key,
        fingerprint: requestFingerprint(['disburse', input]),
      },
      async (trx) => {
        const now = clock.now();
        const p = await reads.projectRow(trx, input.projectId);
        const c = await reads.charity(trx, p.charityId);
        if (c.status !== 'verified') throw charityNotVerified(c.id);
        const id = newId('dsb', now.getTime());
        let txnId: string;
        try {
          const posted = await deps.ledger.post(trx, {
            kind: CHARITY_DISBURSEMENT,
            reference: id,
            idempotencyKey: `charity.disbursement:${id}`,
            memo: input.purpose,
            entries: [debit(charityEscrow(p.id), input.amount), credit(externalFunding(), input.amount)],
          });
          txnId = posted.transaction.id;
        } catch (e) {
          if (isAppError(e) && e.code === 'INSUFFICIENT_FUNDS') throw escrowInsufficient(p.id, input.amount);
          throw e;
        }
        const record = {
          type: 'disbursement',
          disbursementId: id,
          projectId: p.id,
          charityId: c.id,
          amount: input.amount,
          currency: 'CNY',
          purpose: input.purpose,
          ledgerTxn: txnId,
          at: now.toISOString(),
        };
        const entry = await deps.log.append(trx, 'donations', record);
        await trx
          .insertInto('charity_disbursements')
          .values({
            id,
            project_id: p.id,
            charity_id: c.id,
            amount: input.amount,
            purpose: input.purpose,
            purpose_en: input.purposeEn ?? '',
            reason: input.reason,
            bank_account: c.bankAccount,
            txn_id: txnId,
            log_index: entry.index,
            leaf_hash: entry.leafHash,
            created_by: actor.userId,
            created_at: now,
          })
          .execute();
        await recordAudit(trx, clock, {
          actor,
          action: 'charity.disburse',
          entityType: 'charity_project',
          entityId: p.id,
          after: { disbursementId: id, amount: input.amount, purpose: input.purpose },
          reason: input.reason,
        });
        await recordEvent(trx, 'charity.disbursed', record, clock);
        const [d] = (await reads.disbursementsOf(trx, p.id)).filter((x) => x.id === id);
        return { status: 201, body: { disbursement: d! } };
      },
    );
    if (!result.replayed && result.status < 300) deps.onEventsRecorded?.();
    return result;
  }

  /** The buyer's own receipt: the log's receipt JSON for one of their donations. */
  async function receipt(actor: Actor, donationId: string) {
    const d = await db
      .selectFrom('charity_donations')
      .selectAll()
      .where('id', '=', donationId)
      .executeTakeFirst();
    if (!d || (d.customer_id !== actor.userId && actor.role !== 'operator'))
      throw notFound('Donation', donationId);
    return deps.log.receipt('donations', d.log_index);
  }

  return {
    ...reads,
    registerCharity,
    verifyCharity,
    createProject,
    setProjectStatus,
    addUpdate,
    setRule,
    clearRule,
    disburse,
    receipt,
    /** The orders lifecycle's completion hook (same transaction). */
    onSubOrderCompleted: (trx: Kysely<DB>, subOrderId: string, now: Date) =>
      accrueSubOrder(trx, { ledger: deps.ledger, log: deps.log }, subOrderId, now),
  };
}

export type CharityService = ReturnType<typeof createCharityService>;
