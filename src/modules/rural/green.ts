import type { Kysely } from 'kysely';
import type { Actor } from '../../platform/auth';
import type { DB } from '../../schema';
import type { Localized } from '../campaigns';
import { GREEN_CHOICES, type GreenChoiceId } from './green-model';

/** An order's green choice as its customer sees it on the profile. */
export interface GreenEntry {
  orderId: string;
  choice: GreenChoiceId;
  parcels: number;
  points: number;
  co2Grams: number;
  /** earned: the order was paid; pending: not yet; void: it closed unpaid (no points). */
  status: 'earned' | 'pending' | 'void';
  basis: Localized;
  source: Localized;
  createdAt: string;
}

const statusOf = (orderStatus: string): GreenEntry['status'] =>
  orderStatus === 'created' ? 'pending' : orderStatus === 'closed' ? 'void' : 'earned';

/**
 * Green points: recorded in the checkout's own transaction (the orders module's onOrderPlaced
 * hook), counted once the order is paid. One row per order and choice, so a replayed checkout
 * cannot earn twice.
 */
export function createGreenPoints(deps: { db: Kysely<DB> }) {
  async function onOrderPlaced(
    trx: Kysely<DB>,
    order: { orderId: string; customerId: string; parcels: number; greenChoices: readonly GreenChoiceId[] },
    now: Date,
  ): Promise<void> {
    const choices = [...new Set(order.greenChoices)];
    if (choices.length === 0) return;
    await trx
      .insertInto('green_choices')
      .values(
        choices.map((c) => ({
          order_id: order.orderId,
          choice: c,
          customer_id: order.customerId,
          points: GREEN_CHOICES[c].points * order.parcels,
          co2_grams: GREEN_CHOICES[c].co2Grams * order.parcels,
          created_at: now,
        })),
      )
      .onConflict((oc) => oc.columns(['order_id', 'choice']).doNothing())
      .execute();
  }

  /** The customer's green points: totals of what was earned, and every choice behind them. */
  async function greenOf(actor: Actor) {
    const rows = await deps.db
      .selectFrom('green_choices')
      .innerJoin('orders', 'orders.id', 'green_choices.order_id')
      .select([
        'green_choices.order_id',
        'green_choices.choice',
        'green_choices.points',
        'green_choices.co2_grams',
        'green_choices.created_at',
        'orders.status',
      ])
      .where('green_choices.customer_id', '=', actor.userId)
      .orderBy('green_choices.created_at', 'desc')
      .orderBy('green_choices.order_id')
      .limit(500)
      .execute();
    const entries: GreenEntry[] = rows.map((r) => {
      const model = GREEN_CHOICES[r.choice as GreenChoiceId];
      return {
        orderId: r.order_id,
        choice: model.id,
        parcels: model.points > 0 ? Math.round(r.points / model.points) : 0,
        points: r.points,
        co2Grams: r.co2_grams,
        status: statusOf(r.status),
        basis: model.basis,
        source: model.source,
        createdAt: new Date(r.created_at).toISOString(),
      };
    });
    const earned = entries.filter((e) => e.status === 'earned');
    return {
      points: earned.reduce((s, e) => s + e.points, 0),
      co2Grams: earned.reduce((s, e) => s + e.co2Grams, 0),
      pendingPoints: entries.filter((e) => e.status === 'pending').reduce((s, e) => s + e.points, 0),
      entries,
    };
  }

  return { onOrderPlaced, greenOf, choices: () => Object.values(GREEN_CHOICES) };
}
