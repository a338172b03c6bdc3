import { type Kysely, sql } from 'kysely';
import type { Actor } from '../../platform/auth';
import { notFound } from '../../platform/errors';
import type { DB } from '../../schema';
import { balanceOf, charityEscrow } from '../ledger';
import type { MerchantsService } from '../merchants';
import { quarterOf } from './model';
import type { ProjectStatus } from './tables';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** Read models of the module: rows as the API shows them (money in fen as numbers). */
export function createCharityReads(deps: { db: Kysely<DB>; merchants: Pick<MerchantsService, 'access'> }) {
  const { db } = deps;

  async function charity(q: Kysely<DB>, id: string) {
    const c = await q.selectFrom('charities').selectAll().where('id', '=', id).executeTakeFirst();
    if (!c) throw notFound('Charity', id);
    return {
      id: c.id,
      nameZh: c.name_zh,
      nameEn: c.name_en,
      creditCode: c.credit_code,
      publicFundraising: c.public_fundraising,
      contact: c.contact,
      bankAccount: c.bank_account,
      status: c.status,
      statusReason: c.status_reason,
      verifiedAt: iso(c.verified_at),
      createdAt: iso(c.created_at)!,
    };
  }

  async function listCharities() {
    const rows = await db
      .selectFrom('charities')
      .select('id')
      .orderBy('created_at', 'desc')
      .limit(200)
      .execute();
    return Promise.all(rows.map((r) => charity(db, r.id)));
  }

  async function projectRow(q: Kysely<DB>, id: string) {
    const p = await q.selectFrom('charity_projects').selectAll().where('id', '=', id).executeTakeFirst();
    if (!p) throw notFound('Project', id);
    return {
      id: p.id,
      charityId: p.charity_id,
      titleZh: p.title_zh,
      titleEn: p.title_en,
      description: p.description,
      descriptionEn: p.description_en,
      targetAmount: Number(p.target_amount),
      beneficiaries: p.beneficiaries,
      beneficiariesEn: p.beneficiaries_en,
      region: p.region,
      regionEn: p.region_en,
      startsOn: p.starts_on,
      endsOn: p.ends_on,
      status: p.status,
      createdAt: iso(p.created_at)!,
    };
  }

  /** Projects with what they raised; drafts only for operators (`includeDrafts`). */
  async function listProjects(filter: { status?: ProjectStatus; includeDrafts?: boolean } = {}) {
    let q = db.selectFrom('charity_projects').select('id').orderBy('created_at', 'desc').limit(200);
    if (filter.status) q = q.where('status', '=', filter.status);
    if (!filter.includeDrafts) q = q.where('status', '!=', 'draft');
    const rows = await q.execute();
    if (rows.length === 0) return [];
    const totals = await db
      .selectFrom('charity_donations')
      .select([
        'project_id',
        sql<string>`coalesce(sum(amount), 0)`.as('raised'),
        sql<string>`count(distinct customer_id)`.as('donors'),
      ])
      .where(
        'project_id',
        'in',
        rows.map((r) => r.id),
      )
      .groupBy('project_id')
      .execute();
    return Promise.all(
      rows.map(async (r) => {
        const t = totals.find((x) => x.project_id === r.id);
        return {
          project: await projectRow(db, r.id),
          raised: Number(t?.raised ?? 0),
          donors: Number(t?.donors ?? 0),
        };
      }),
    );
  }

  async function disbursementsOf(q: Kysely<DB>, projectId: string) {
    const rows = await q
      .selectFrom('charity_disbursements')
      .selectAll()
      .where('project_id', '=', projectId)
      .orderBy('created_at', 'desc')
      .execute();
    return rows.map((d) => ({
      id: d.id,
      projectId: d.project_id,
      charityId: d.charity_id,
      amount: Number(d.amount),
      purpose: d.purpose,
      purposeEn: d.purpose_en,
      logIndex: d.log_index,
      leafHash: d.leaf_hash,
      ledgerTxn: d.txn_id,
      createdAt: iso(d.created_at)!,
    }));
  }

  /** A project as the public sees it: a draft is only the operators' (404 to anyone else). */
  async function visibleProject(id: string, actor: Actor | null) {
    const project = await projectRow(db, id);
    if (project.status === 'draft' && actor?.role !== 'operator') throw notFound('Project', id);
    return project;
  }

  /** The public page: totals from the donation rows, escrow from the ledger, updates, payouts. */
  async function projectPage(id: string, actor: Actor | null) {
    const project = await visibleProject(id, actor);
    const c = await charity(db, project.charityId);
    const totals = await db
      .selectFrom('charity_donations')
      .select([
        sql<string>`coalesce(sum(amount), 0)`.as('raised'),
        sql<string>`count(*)`.as('donations'),
        sql<string>`count(distinct customer_id)`.as('donors'),
      ])
      .where('project_id', '=', id)
      .executeTakeFirstOrThrow();
    const updates = await db
      .selectFrom('charity_project_updates')
      .selectAll()
      .where('project_id', '=', id)
      .orderBy('created_at', 'desc')
      .execute();
    const disbursements = await disbursementsOf(db, id);
    return {
      project,
      charity: {
        id: c.id,
        nameZh: c.nameZh,
        nameEn: c.nameEn,
        creditCode: c.creditCode,
        status: c.status,
        publicFundraising: c.publicFundraising,
      },
      raised: Number(totals.raised),
      donations: Number(totals.donations),
      donors: Number(totals.donors),
      disbursed: disbursements.reduce((s, d) => s + d.amount, 0),
      escrow: await balanceOf(db, charityEscrow(id)),
      updates: updates.map((u) => ({
        id: u.id,
        body: u.body,
        bodyEn: u.body_en,
        photoUrls: u.photo_urls,
        createdAt: iso(u.created_at)!,
      })),
      disbursements,
      quarters: await disclosure(id),
    };
  }

  /** Quarterly disclosure (China time): donations in, disbursements out, escrow at quarter end. */
  async function disclosure(projectId: string) {
    const donations = await db
      .selectFrom('charity_donations')
      .select(['amount', 'created_at', 'customer_id'])
      .where('project_id', '=', projectId)
      .execute();
    const payouts = await db
      .selectFrom('charity_disbursements')
      .select(['amount', 'created_at'])
      .where('project_id', '=', projectId)
      .execute();
    const by = new Map<
      string,
      {
        quarter: string;
        donated: number;
        donations: number;
        donors: Set<string>;
        disbursed: number;
        disbursements: number;
      }
    >();
    const at = (q: string) => {
      const known = by.get(q);
      if (known) return known;
      const r = {
        quarter: q,
        donated: 0,
        donations: 0,
        donors: new Set<string>(),
        disbursed: 0,
        disbursements: 0,
      };
      by.set(q, r);
      return r;
    };
    for (const d of donations) {
      const r = at(quarterOf(new Date(d.created_at)));
      r.donated += Number(d.amount);
      r.donations++;
      r.donors.add(d.customer_id);
    }
    for (const d of payouts) {
      const r = at(quarterOf(new Date(d.created_at)));
      r.disbursed += Number(d.amount);
      r.disbursements++;
    }
    let escrow = 0;
    return [...by.values()]
      .sort((a, b) => (a.quarter < b.quarter ? -1 : 1))
      .map((r) => {
        escrow += r.donated - r.disbursed;
        return {
          quarter: r.quarter,
          donated: r.donated,
          donations: r.donations,
          donors: r.donors.size,
          disbursed: r.disbursed,
          disbursements: r.disbursements,
          escrowAtEnd: escrow,
        };
      });
  }

  /** CSV of the disclosure, amounts in yuan with two decimals (for spreadsheets). */
  async function disclosureOf(projectId: string, actor: Actor | null) {
    await visibleProject(projectId, actor);
    return disclosure(projectId);
  }

  async function disclosureCsv(projectId: string, actor: Actor | null) {
    await visibleProject(projectId, actor);
    const yuan = (fen: number) => (fen / 100).toFixed(2);
    const rows = await disclosure(projectId);
    const head = 'quarter,donated_cny,donations,donors,disbursed_cny,disbursements,escrow_at_end_cny';
    return (
      [
        head,
        ...rows.map((r) =>
          [
            r.quarter,
            yuan(r.donated),
            r.donations,
            r.donors,
            yuan(r.disbursed),
            r.disbursements,
            yuan(r.escrowAtEnd),
          ].join(','),
        ),
      ].join('\n') + '\n'
    );
  }

  /** The buyer's 爱心足迹: every donation of theirs, newest first, with its project. */
  async function donationsOf(customerId: string) {
    const rows = await db
      .selectFrom('charity_donations as d')
      .innerJoin('charity_projects as p', 'p.id', 'd.project_id')
      .select([
        'd.id',
        'd.order_id',
        'd.line_id',
        'd.title',
        'd.amount',
        'd.kind',
        'd.rate',
        'd.quantity',
        'd.project_id',
        'p.title_zh',
        'p.title_en',
        'd.log_index',
        'd.leaf_hash',
        'd.created_at',
      ])
      .where('d.customer_id', '=', customerId)
      .orderBy('d.created_at', 'desc')
      .limit(500)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      orderId: r.order_id,
      lineId: r.line_id,
      title: r.title,
      amount: Number(r.amount),
      rule: { kind: r.kind, amount: Number(r.rate) },
      quantity: Number(r.quantity),
      project: { id: r.project_id, titleZh: r.title_zh, titleEn: r.title_en },
      logIndex: r.log_index,
      leafHash: r.leaf_hash,
      createdAt: iso(r.created_at)!,
    }));
  }

  /** Badges: the rule in force per SKU (venue, cart) — only rules that would be snapshotted now. */
  async function badgesFor(skuIds: readonly string[]) {
    if (skuIds.length === 0) return [];
    const rows = await db
      .selectFrom('charity_rules as r')
      .innerJoin('charity_projects as p', 'p.id', 'r.project_id')
      .innerJoin('charities as c', 'c.id', 'p.charity_id')
      .select(['r.sku_id', 'r.kind', 'r.amount', 'r.project_id', 'p.title_zh', 'p.title_en'])
      .where('r.sku_id', 'in', [...skuIds])
      .where('r.retired_at', 'is', null)
      .where('p.status', '=', 'fundraising')
      .where('c.status', '=', 'verified')
      .execute();
    return rows.map((r) => ({
      skuId: r.sku_id,
      kind: r.kind,
      amount: r.amount,
      project: { id: r.project_id, titleZh: r.title_zh, titleEn: r.title_en },
    }));
  }

  /** Badges of an order's lines: the snapshot taken at checkout, not today's rule. */
  async function lineBadges(actor: Actor, orderId: string) {
    const order = await db
      .selectFrom('orders')
      .select('customer_id')
      .where('id', '=', orderId)
      .executeTakeFirst();
    if (!order || (order.customer_id !== actor.userId && actor.role !== 'operator'))
      throw notFound('Order', orderId);
    const rows = await db
      .selectFrom('charity_line_rules as r')
      .innerJoin('charity_projects as p', 'p.id', 'r.project_id')
      .leftJoin('charity_donations as d', 'd.line_id', 'r.line_id')
      .select([
        'r.line_id',
        'r.kind',
        'r.amount',
        'r.project_id',
        'p.title_zh',
        'p.title_en',
        'd.amount as donated',
      ])
      .where('r.order_id', '=', orderId)
      .execute();
    return rows.map((r) => ({
      lineId: r.line_id,
      kind: r.kind,
      amount: r.amount,
      donated: r.donated === null ? null : Number(r.donated),
      project: { id: r.project_id, titleZh: r.title_zh, titleEn: r.title_en },
    }));
  }

  async function rulesOfStore(actor: Actor, storeId: string) {
    await deps.merchants.access(actor, storeId, 'read');
    const rows = await db
      .selectFrom('charity_rules')
      .selectAll()
      .where('store_id', '=', storeId)
      .where('retired_at', 'is', null)
      .orderBy('created_at', 'desc')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      skuId: r.sku_id,
      storeId: r.store_id,
      projectId: r.project_id,
      kind: r.kind,
      amount: r.amount,
      createdAt: iso(r.created_at)!,
    }));
  }

  return {
    charity,
    listCharities,
    projectRow,
    listProjects,
    disbursementsOf,
    projectPage,
    disclosureOf,
    disclosureCsv,
    donationsOf,
    badgesFor,
    lineBadges,
    rulesOfStore,
  };
}
