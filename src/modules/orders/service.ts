import type { Kysely } from 'kysely';
import type { Actor } from '../../platform/auth';
import type { Clock } from '../../platform/clock';
import { forbidden, notFound } from '../../platform/errors';
import type { DB } from '../../schema';
import type { AddressesService } from '../addresses';
import type { CampaignsService } from '../campaigns';
import type { Ledger } from '../ledger';
import type { MerchantsService } from '../merchants';
import type { GreenChoiceId } from '../rural';
import { createCartService } from './cart';
import { createCheckout } from './checkout';
import { createFlashCheckout } from './flash-checkout';
import { DEFAULT_HOLDING_CAPS, type HoldingCaps } from './holding-caps';
import { createSweep } from './jobs';
import { createLifecycle } from './lifecycle';
import type { CheckoutHooks, Order } from './model';
import { createPayment } from './payment';
import { listOrders, listSubOrders, loadOrder } from './store';
import type { OrderStatus } from './tables';
import { decorateOrders, decorateSubOrders, orderDetail } from './views';

export interface OrdersDeps {
  db: Kysely<DB>;
  clock: Clock;
  campaigns: Pick<CampaignsService, 'get' | 'getCached'>;
  merchants: Pick<MerchantsService, 'access' | 'storeIdsOf' | 'namesOf'>;
  ledger: Ledger;
  /** The address book checkout copies the picked address from (issue 9); without it addressId is ignored. */
  addresses?: Pick<AddressesService, 'snapshot'>;
  /** Minutes an order may stay unpaid (config `unpaidOrderTimeoutMinutes`). */
  unpaidOrderTimeoutMinutes: number;
  /** Days after delivery a sub-order completes on its own (config `autoConfirmDays`). */
  autoConfirmDays: number;
  /**
   * Checkouts (and payments) one process lets into the database at once; the rest queue in
   * memory (see gate.ts). Default 8.
   */
  hotPathConcurrency: number;
  /** Unpaid orders and held units one customer may have (config `limits`; holding-caps.ts). */
  holdingCaps: HoldingCaps;
  /**
   * Send the checkout's stock statement and its COMMIT in one round trip (checkout-writes.ts
   * reserveStockLast). Only over node-postgres (PostgreSQL); PGlite's driver runs one statement
   * per call. Default false.
   */
  commitWithStock: boolean;
  /** Wakes the outbox relay after a commit that recorded events. */
  onEventsRecorded?: () => void;
  /**
   * Runs inside the transaction that moves a sub-order to `completed` (confirm or auto-confirm):
   * the charity module books the lines' donations there (docs/charity.md).
   */
  onSubOrderCompleted?: (trx: Kysely<DB>, subOrderId: string, now: Date) => Promise<unknown>;
  /**
   * Runs inside the checkout transaction, after the order's rows, when the customer made green
   * choices: the rural module records their green points there (docs/traceability.md).
   */
  onOrderPlaced?: (
    trx: Kysely<DB>,
    order: { orderId: string; customerId: string; parcels: number; greenChoices: readonly GreenChoiceId[] },
    now: Date,
  ) => Promise<unknown>;
  /** Test seams inside the checkout and payment transactions (throw to simulate a crash). */
  hooks: CheckoutHooks;
}

type Defaulted =
  | 'hooks'
  | 'unpaidOrderTimeoutMinutes'
  | 'autoConfirmDays'
  | 'hotPathConcurrency'
  | 'holdingCaps'
  | 'commitWithStock';
export type OrdersOptions = Omit<OrdersDeps, Defaulted> & Partial<Pick<OrdersDeps, Defaulted>>;

/** Cart, checkout, payment, the order lifecycle and its jobs, over one set of deps. */
export function createOrdersService(options: OrdersOptions) {
  const deps: OrdersDeps = {
    unpaidOrderTimeoutMinutes: 15,
    autoConfirmDays: 7,
    hotPathConcurrency: 8,
    holdingCaps: DEFAULT_HOLDING_CAPS,
    commitWithStock: false,
    ...options,
    hooks: options.hooks ?? {},
  };
  const { db, merchants } = deps;
  const cart = createCartService(deps);
  const { checkout } = createCheckout(deps);
  const { checkoutReservation } = createFlashCheckout(deps);
  const { pay } = createPayment(deps);
  const lifecycle = createLifecycle(deps);
  const sweep = createSweep(deps, lifecycle.autoConfirm);

  /**
   * One order: its customer and operators see it; anyone else gets 404 (not a hint it exists).
   * With store names, SKU attributes, what each line can still be refunded, the payments and
   * each line's 价保 offer (views.ts).
   */
  async function get(actor: Actor, id: string): Promise<Order> {
    const order = await loadOrder(db, id);
    if (!order || (actor.role !== 'operator' && order.customerId !== actor.userId))
      throw notFound('Order', id);
    return orderDetail({ db, merchants, now: deps.clock.now() }, order);
  }

  async function list(
    actor: Actor,
    query: { status?: OrderStatus; campaignId?: string; customerId?: string; limit: number; offset: number },
  ) {
    const customerId = actor.role === 'operator' ? query.customerId : actor.userId;
    const page = await listOrders(db, { ...query, customerId });
    await decorateOrders({ db, merchants }, page.items);
    return page;
  }

  /** A store's sub-orders for its staff (403 for other stores); operators see every store. */
  async function listForMerchant(
    actor: Actor,
    query: { storeId?: string; status?: string; limit: number; offset: number },
  ) {
    let storeIds: string[] | null;
    if (query.storeId) {
      await merchants.access(actor, query.storeId, actor.role === 'operator' ? 'read' : 'staff');
      storeIds = [query.storeId];
    } else if (actor.role === 'operator') storeIds = null;
    else if (actor.role === 'merchant') storeIds = await merchants.storeIdsOf(actor.userId);
    else throw forbidden('Only merchants and operators list store orders');
    const page = await listSubOrders(db, { ...query, storeIds });
    const orderIds = [...new Set(page.items.map((s) => s.orderId))];
    const statuses = new Map<string, string>(
      orderIds.length === 0
        ? []
        : (await db.selectFrom('orders').select(['id', 'status']).where('id', 'in', orderIds).execute()).map(
            (o) => [o.id, o.status],
          ),
    );
    await decorateSubOrders({ db, merchants }, page.items, (s) => statuses.get(s.orderId));
    return page;
  }

  return {
    cart,
    checkout,
    checkoutReservation,
    pay,
    get,
    list,
    listForMerchant,
    ship: lifecycle.ship,
    deliver: lifecycle.deliver,
    confirm: lifecycle.confirm,
    cancel: lifecycle.cancel,
    sweep,
    /** Test seams; see CheckoutHooks. */
    hooks: deps.hooks,
  };
}

export type OrdersService = ReturnType<typeof createOrdersService>;
