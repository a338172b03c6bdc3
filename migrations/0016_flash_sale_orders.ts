import type { Kysely } from 'kysely';

/**
 * Issue 15: an order line bought through a flash-sale reservation names it. The unit of such a
 * line was carved out of the SKU's stock when the slot was created (migration 0015), so an
 * unpaid order that closes gives it back to the slot (flash-sales releaseReservationsOfOrder),
 * never to the SKU; the column is how the lifecycle tells the two kinds of line apart. The
 * index serves "the lines of this reservation" (support, the reconciler); it is partial: all
 * other lines have null here. And the reservations of an order, which the close of an unpaid
 * order releases (0015 indexes reservations by slot, customer and deadline, not by order).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('order_lines').addColumn('flash_reservation_id', 'text').execute();
  await db.schema
    .createIndex('order_lines_flash_reservation')
    .on('order_lines')
    .column('flash_reservation_id')
    .where('flash_reservation_id', 'is not', null)
    .execute();
  await db.schema
    .createIndex('flash_sale_reservations_order')
    .on('flash_sale_reservations')
    .column('order_id')
    .where('order_id', 'is not', null)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('flash_sale_reservations_order').execute();
  await db.schema.dropIndex('order_lines_flash_reservation').execute();
  await db.schema.alterTable('order_lines').dropColumn('flash_reservation_id').execute();
}
