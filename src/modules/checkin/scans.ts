import { createHash } from 'node:crypto';
import { type Kysely, type Selectable, sql } from 'kysely';
import type { Actor } from '../../platform/auth';
import { newId } from '../../platform/ids';
import type { DB } from '../../schema';
import {
  type CheckinEvent,
  type CheckinList,
  type CheckinTicket,
  type ScanAnswer,
  type ScanView,
  STATUS_OF_REFUSAL,
} from './model';
import type { ScanInput, SyncInput } from './schemas';
import type { CheckinAccess, CheckinDeps } from './service';
import type { CheckinScansTable, ScanMode, ScanResult } from './tables';
import { judge, MESSAGES, ticketView } from './verdict';

type ScanRow = Selectable<CheckinScansTable>;

const toScan = (r: ScanRow): ScanView => ({
  id: r.id,
  ticketId: r.ticket_id,
  deviceId: r.device_id,
  clientScanId: r.client_scan_id,
  staffId: r.staff_id,
  scannedAt: new Date(r.scanned_at).toISOString(),
  recordedAt: new Date(r.recorded_at).toISOString(),
  mode: r.mode,
  result: r.result,
  reason: r.reason,
});

/** A scan retried while the first try is in flight lost the race on the unique index. */
class ScanRaced extends Error {}

export function createScanning(deps: CheckinDeps, access: CheckinAccess) {
  const { db, clock } = deps;

  /** Where and when the ticket was first admitted on the list (the duplicate warning). */
  async function firstScanOf(trx: Kysely<DB>, listId: string, ticketId: string) {
    const row = await trx
      .selectFrom('checkin_entries as e')
      .innerJoin('checkin_scans as s', 's.id', 'e.first_scan_id')
      .innerJoin('checkin_lists as l', 'l.id', 'e.list_id')
      .leftJoin('users as u', 'u.id', 's.staff_id')
      .select([
        's.id',
        's.scanned_at',
        's.device_id',
        's.staff_id',
        'l.id as list_id',
        'l.name as list_name',
        'u.display_name',
      ])
      .where('e.list_id', '=', listId)
      .where('e.ticket_id', '=', ticketId)
      .executeTakeFirst();
    return (
      row && {
        scanId: row.id,
        scannedAt: new Date(row.scanned_at).toISOString(),
        deviceId: row.device_id,
        listId: row.list_id,
        listName: row.list_name,
        staffId: row.staff_id,
        staffName: row.display_name ?? null,
      }
    );
  }

  /**
   * Claims the (list, ticket) entry for this scan. Online: the first scan wins, a later one is
   * refused. Offline (sync): the earliest by (scannedAt, deviceId) wins even when it arrives
   * late, and every other admitted scan of the ticket on the list becomes `duplicate`. The
   * upsert's conditional DO UPDATE locks the entry row, so two syncs of one ticket serialise.
   */
  async function claim(
    trx: Kysely<DB>,
    list: CheckinList,
    ticket: CheckinTicket,
    scan: { id: string; at: Date; deviceId: string },
    mode: ScanMode,
  ): Promise<boolean> {
    if (mode === 'online' || list.allowReentry) {
      const inserted = await trx
        .insertInto('checkin_entries')
        .values({
          list_id: list.id,
          ticket_id: ticket.ticketId,
          type_id: ticket.typeId,
          first_scan_id: scan.id,
          first_scanned_at: scan.at,
          first_device_id: scan.deviceId,
        })
        .onConflict((oc) => oc.columns(['list_id', 'ticket_id']).doNothing())
        .returning('first_scan_id')
        .executeTakeFirst();
      return !!inserted || list.allowReentry;
    }
    await sql`
      INSERT INTO checkin_entries (list_id, ticket_id, type_id, first_scan_id, first_scanned_at, first_device_id)
      VALUES (${list.id}, ${ticket.ticketId}, ${ticket.typeId}, ${scan.id}, ${scan.at}, ${scan.deviceId})
      ON CONFLICT (list_id, ticket_id) DO UPDATE
        SET first_scan_id = excluded.first_scan_id,
            first_scanned_at = excluded.first_scanned_at,
            first_device_id = excluded.first_device_id
        WHERE (checkin_entries.first_scanned_at, checkin_entries.first_device_id)
              > (excluded.first_scanned_at, excluded.first_device_id)`.execute(trx);
    const entry = await trx
      .selectFrom('checkin_entries')
      .select('first_scan_id')
      .where('list_id', '=', list.id)
      .where('ticket_id', '=', ticket.ticketId)
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('checkin_scans')
      .set({ result: 'duplicate' })
      .where('list_id', '=', list.id)
      .where('ticket_id', '=', ticket.ticketId)
      .where('result', '=', 'admitted')
      .where('id', '<>', entry.first_scan_id)
      .execute();
    return entry.first_scan_id === scan.id;
  }

  /** One scan, in its own transaction; a retry with the same clientScanId gets the first answer. */
  async function record(
    actor: Actor,
    ctx: { list: CheckinList; event: CheckinEvent },
    input: { payload?: string; ticketId?: string; scannedAt: string; clientScanId: string },
    deviceId: string,
    mode: ScanMode,
  ): Promise<ScanAnswer & { row: ScanRow }> {
    const existing = await storedScan(ctx.list.id, deviceId, input.clientScanId);
    if (existing) return { ...existing.answer, row: existing };
    const now = clock.now();
    const scannedAt = new Date(input.scannedAt);
    // Online, the server's clock decides the day; offline, the device's (it admitted then).
    const key = await access.keyring.keyOf(ctx.event.id);
    const at = mode === 'online' ? now : scannedAt;
    const verdict = await judge(deps.tickets, key.publicKeyRaw, ctx.list, ctx.event, input, at);
    const id = newId('cks', now.getTime());
    try {
      return await db.transaction().execute(async (trx) => {
        let refusal = verdict.refusal;
        let admitted = false;
        if (!refusal && verdict.ticket) {
          admitted = await claim(trx, ctx.list, verdict.ticket, { id, at: scannedAt, deviceId }, mode);
          if (!admitted && mode === 'online') refusal = 'ALREADY_CHECKED_IN';
        }
        const first =
          refusal === 'ALREADY_CHECKED_IN' && verdict.ticket
            ? await firstScanOf(trx, ctx.list.id, verdict.ticket.ticketId)
            : undefined;
        const result: ScanResult = refusal ? 'refused' : admitted ? 'admitted' : 'duplicate';
        const scanView = {
          id,
          listId: ctx.list.id,
          result,
          ticket: ticketView(verdict.ticket),
          scannedAt: scannedAt.toISOString(),
        };
        const answer: ScanAnswer = refusal
          ? {
              status: STATUS_OF_REFUSAL[refusal],
              body: {
                error: {
                  code: refusal,
                  message: MESSAGES[refusal],
                  details: {
                    scanId: id,
                    ticket: ticketView(verdict.ticket),
                    ...(first ? { firstScan: first } : {}),
                  },
                },
              },
            }
          : { status: 201 as const, body: { scan: scanView } };
        const row = await trx
          .insertInto('checkin_scans')
          .values({
            id,
            list_id: ctx.list.id,
            event_id: ctx.event.id,
            ticket_id: verdict.ticket?.ticketId ?? null,
            device_id: deviceId,
            client_scan_id: input.clientScanId,
            staff_id: actor.userId,
            scanned_at: scannedAt,
            recorded_at: now,
            mode,
            result,
            reason: refusal,
            answer: JSON.stringify(answer),
          })
          .onConflict((oc) => oc.columns(['list_id', 'device_id', 'client_scan_id']).doNothing())
          .returningAll()
          .executeTakeFirst();
        if (!row) throw new ScanRaced();
        return { ...answer, row };
      });
    } catch (e) {
      if (!(e instanceof ScanRaced)) throw e;
      const raced = await storedScan(ctx.list.id, deviceId, input.clientScanId);
      if (!raced) throw e;
      return { ...raced.answer, row: raced };
    }
  }

  function storedScan(listId: string, deviceId: string, clientScanId: string) {
    return db
      .selectFrom('checkin_scans')
      .selectAll()
      .where('list_id', '=', listId)
      .where('device_id', '=', deviceId)
      .where('client_scan_id', '=', clientScanId)
      .executeTakeFirst();
  }

  /** The tickets a list admits (by type), with whether each is in already. */
  async function listTickets(list: CheckinList) {
    const all = await deps.tickets.ticketsForCheckIn(list.eventId);
    const tickets = all.filter((t) => list.typeIds.length === 0 || list.typeIds.includes(t.typeId));
    const entries = await db
      .selectFrom('checkin_entries')
      .select(['ticket_id', 'first_scanned_at'])
      .where('list_id', '=', list.id)
      .execute();
    const inAt = new Map(entries.map((e) => [e.ticket_id, new Date(e.first_scanned_at).toISOString()]));
    return { tickets, inAt };
  }

  return {
    async scan(actor: Actor, listId: string, input: ScanInput) {
      const ctx = await access.staffList(actor, listId);
      const { row: _row, ...answer } = await record(actor, ctx, input, input.deviceId, 'online');
      return answer as ScanAnswer;
    },

    /** Offline scans, each recorded; the answer says which of this device's scans lost. */
    async sync(actor: Actor, listId: string, input: SyncInput) {
      const ctx = await access.staffList(actor, listId);
      const ordered = [...input.scans].sort(
        (a, b) => new Date(a.scannedAt).getTime() - new Date(b.scannedAt).getTime(),
      );
      const recorded: { clientScanId: string; id: string; ticketId: string | null }[] = [];
      for (const s of ordered) {
        const { row } = await record(actor, ctx, s, input.deviceId, 'offline');
        recorded.push({ clientScanId: s.clientScanId, id: row.id, ticketId: row.ticket_id });
      }
      // Read back: a later sync of another device may have turned one of ours into a duplicate
      // (or this sync turned earlier ones), so the answer is the rows' state now.
      const rows = recorded.length
        ? await db
            .selectFrom('checkin_scans')
            .selectAll()
            .where(
              'id',
              'in',
              recorded.map((r) => r.id),
            )
            .execute()
        : [];
      const byId = new Map(rows.map((r) => [r.id, r]));
      const results = recorded.map((r) => {
        const row = byId.get(r.id)!;
        return {
          clientScanId: r.clientScanId,
          scanId: r.id,
          ticketId: r.ticketId,
          result: row.result,
          reason: row.reason,
        };
      });
      return {
        recorded: results.length,
        duplicates: results.filter((r) => r.result === 'duplicate').map((r) => r.clientScanId),
        results,
      };
    },

    async search(actor: Actor, listId: string, q: string) {
      const { list } = await access.staffList(actor, listId);
      const { tickets, inAt } = await listTickets(list);
      const needle = q.trim().toLowerCase();
      return tickets
        .filter(
          (t) =>
            needle.length > 0 &&
            (t.attendeeName.toLowerCase().includes(needle) ||
              (t.attendeeCompany ?? '').toLowerCase().includes(needle) ||
              t.ticketId === q.trim()),
        )
        .slice(0, 20)
        .map((t) => ({ ...ticketView(t)!, checkedInAt: inAt.get(t.ticketId) ?? null }));
    },

    async stats(actor: Actor, listId: string) {
      const { list } = await access.staffList(actor, listId);
      const { tickets, inAt } = await listTickets(list);
      const byType = new Map<
        string,
        { typeId: string; typeName: string; expected: number; admitted: number }
      >();
      for (const t of tickets) {
        const entry = byType.get(t.typeId) ?? {
          typeId: t.typeId,
          typeName: t.typeName,
          expected: 0,
          admitted: 0,
        };
        if (t.status === 'valid') entry.expected++;
        if (inAt.has(t.ticketId)) entry.admitted++;
        byType.set(t.typeId, entry);
      }
      const last = await db
        .selectFrom('checkin_scans')
        .selectAll()
        .where('list_id', '=', listId)
        .orderBy('recorded_at', 'desc')
        .orderBy('id', 'desc')
        .limit(10)
        .execute();
      const names = new Map(tickets.map((t) => [t.ticketId, t.attendeeName]));
      return {
        listId,
        admitted: inAt.size,
        expected: tickets.filter((t) => t.status === 'valid').length,
        byType: [...byType.values()],
        lastScans: last.map((r) => ({
          ...toScan(r),
          attendeeName: r.ticket_id ? (names.get(r.ticket_id) ?? null) : null,
        })),
      };
    },

    /** Everything a device needs to admit offline: the tickets, who is in, the public key. */
    async download(actor: Actor, listId: string) {
      const { list, event } = await access.staffList(actor, listId);
      const { tickets, inAt } = await listTickets(list);
      const key = await access.keyring.keyOf(event.id);
      const items = tickets.map((t) => ({ ...ticketView(t)!, checkedInAt: inAt.get(t.ticketId) ?? null }));
      const version = createHash('sha256')
        .update(JSON.stringify([list, items]))
        .digest('base64url')
        .slice(0, 16);
      return {
        list,
        event: { id: event.id, timezone: event.timezone },
        publicKey: key.publicKeyRaw,
        algorithm: 'Ed25519' as const,
        version,
        generatedAt: clock.now().toISOString(),
        tickets: items,
      };
    },
  };
}
export type Scanning = ReturnType<typeof createScanning>;
