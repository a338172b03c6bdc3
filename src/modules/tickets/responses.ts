import { z } from 'zod';
import { fen, isoInstant, localizedSchema, type SameType } from '../../platform/http/api-schemas';
import type { TicketsService } from './service';

/** The tickets module's answers (docs/tickets.md), registered by id for the document and client. */

export const ticketTypeSchema = z
  .object({
    id: z.string(),
    eventId: z.string(),
    name: localizedSchema,
    description: localizedSchema,
    price: fen().describe('fen; 0 is a free ticket'),
    saleStartsAt: isoInstant().nullable(),
    saleEndsAt: isoInstant().nullable(),
    maxPerOrder: z.number().int(),
    maxPerAccount: z.number().int().nullable(),
    visibility: z.enum(['public', 'hidden']).describe('hidden: shown and sold only with a voucher for it'),
    audience: z.enum(['anyone', 'merchants', 'roles']),
    audienceRoles: z.array(z.string()),
    addonOf: z.array(z.string()).describe('Non-empty: an add-on of these types'),
    position: z.number().int(),
    available: z.number().int().describe('Seats left: the minimum over its quotas of size - held - sold'),
  })
  .meta({ id: 'TicketType' });

export const questionSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['text', 'choice', 'invoice_title', 'dietary']),
    label: localizedSchema,
    options: z.array(z.string()),
    typeIds: z.array(z.string()).describe('Asked of attendees of these types; empty: all'),
    required: z.boolean(),
    position: z.number().int(),
  })
  .meta({ id: 'TicketQuestion' });

const settings = z
  .object({ holdMinutes: z.number().int(), offerHours: z.number().int() })
  .meta({ id: 'TicketSettings' });

export const catalogueSchema = z
  .object({
    eventId: z.string(),
    title: localizedSchema,
    types: z.array(
      ticketTypeSchema.extend({ waiting: z.number().int().describe('People on its waiting list') }),
    ),
    questions: z.array(questionSchema),
    settings,
    voucher: z
      .object({
        code: z.string(),
        effect: z.enum(['unlock', 'amount', 'percent', 'reserve']),
        value: z.number().int(),
        typeIds: z.array(z.string()),
      })
      .nullable(),
  })
  .meta({ id: 'TicketShop', description: 'An event’s ticket shop' });

export const voucherSchema = z
  .object({
    id: z.string(),
    code: z.string(),
    effect: z.enum(['unlock', 'amount', 'percent', 'reserve']),
    value: z.number().int().describe('amount: fen off each ticket; percent: 1..100'),
    typeIds: z.array(z.string()),
    maxUses: z.number().int(),
    used: z.number().int(),
    reserved: z.number().int().describe('Seats kept for it, not yet taken'),
    validFrom: isoInstant().nullable(),
    validUntil: isoInstant().nullable(),
    status: z.enum(['active', 'expired', 'revoked']),
    waitlistEntryId: z.string().nullable(),
  })
  .meta({ id: 'TicketVoucher' });

export const holdSchema = z
  .object({
    id: z.string(),
    eventId: z.string(),
    status: z.enum(['active', 'checked_out', 'released']),
    items: z.array(
      z.object({
        typeId: z.string(),
        quantity: z.number().int(),
        unitPrice: fen(),
        discount: fen().describe('per ticket'),
      }),
    ),
    total: fen(),
    expiresAt: isoInstant(),
  })
  .meta({ id: 'TicketHold', description: 'Seats held while the buyer fills in the form' });

export const ticketSchema = z
  .object({
    id: z.string(),
    orderId: z.string(),
    eventId: z.string(),
    typeId: z.string(),
    parentTicketId: z.string().nullable().describe('An add-on’s ticket'),
    status: z.enum(['pending', 'valid', 'cancelled', 'refunded']),
    price: fen().describe('paid for this ticket'),
    attendeeName: z.string(),
    attendeeEmail: z.string(),
    attendeeCompany: z.string(),
    answers: z.record(z.string(), z.string()).describe('questionId -> answer'),
    createdAt: isoInstant(),
    cancelledAt: isoInstant().nullable(),
  })
  .meta({ id: 'Ticket' });

export const ticketOrderSchema = z
  .object({
    id: z.string(),
    eventId: z.string(),
    status: z.enum(['pending_payment', 'paid', 'cancelled', 'expired']),
    buyerName: z.string(),
    buyerEmail: z.string(),
    total: fen(),
    discount: fen(),
    currency: z.string(),
    paidAt: isoInstant().nullable(),
    createdAt: isoInstant(),
    tickets: z.array(ticketSchema),
  })
  .meta({ id: 'TicketOrder' });

export const waitlistEntrySchema = z
  .object({
    id: z.string(),
    eventId: z.string(),
    typeId: z.string(),
    email: z.string(),
    priority: z.number().int(),
    status: z.enum(['waiting', 'offered', 'redeemed', 'expired']),
    createdAt: isoInstant(),
    offeredAt: isoInstant().nullable(),
    offer: z.object({ voucherCode: z.string(), expiresAt: isoInstant().nullable() }).nullable(),
  })
  .meta({ id: 'TicketWaitlistEntry' });

export const noticeSchema = z
  .object({
    id: z.string(),
    kind: z.string(),
    payload: z.record(z.string(), z.unknown()),
    createdAt: isoInstant(),
  })
  .meta({ id: 'TicketNotice' });

export const setupSchema = z
  .object({
    eventId: z.string(),
    title: localizedSchema,
    types: z.array(ticketTypeSchema),
    quotas: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        size: z.number().int(),
        held: z.number().int(),
        sold: z.number().int(),
        available: z.number().int(),
        typeIds: z.array(z.string()),
      }),
    ),
    questions: z.array(questionSchema),
    settings,
  })
  .meta({ id: 'TicketSetup', description: 'An event’s ticket setup (organizer)' });

export const waitlistOverviewSchema = z
  .object({
    types: z.array(
      z.object({
        typeId: z.string(),
        name: localizedSchema,
        available: z.number().int(),
        waiting: z.number().int(),
        offered: z.number().int(),
        redeemed: z.number().int(),
        expired: z.number().int(),
        potentialRevenue: fen().describe(
          'waiting × price: what raising the quota by the waiting count would earn',
        ),
      }),
    ),
    entries: z.array(waitlistEntrySchema),
  })
  .meta({ id: 'TicketWaitlistOverview' });

export const mailSchema = z
  .object({
    id: z.string(),
    to: z.string(),
    subject: z.string(),
    text: z.string(),
    html: z.string().nullable(),
    kind: z.string(),
    createdAt: isoInstant(),
  })
  .meta({ id: 'OutboxMail' });

type Of<K extends keyof TicketsService> = Awaited<ReturnType<TicketsService[K]>>;
type _Catalogue = SameType<z.infer<typeof catalogueSchema>, Of<'catalogue'>>;
type _Setup = SameType<z.infer<typeof setupSchema>, Of<'setup'>>;
type _Type = SameType<z.infer<typeof ticketTypeSchema>, Of<'createType'>>;
type _Question = SameType<z.infer<typeof questionSchema>, Of<'createQuestion'>>;
type _Vouchers = SameType<z.infer<typeof voucherSchema>[], Of<'vouchers'>>;
type _Hold = SameType<z.infer<typeof holdSchema>, Of<'createHold'>>;
type _Order = SameType<z.infer<typeof ticketOrderSchema>, Of<'checkout'>>;
type _Orders = SameType<z.infer<typeof ticketOrderSchema>[], Of<'myOrders'>>;
type _Tickets = SameType<z.infer<typeof ticketSchema>[], Of<'myTickets'>>;
type _Entry = SameType<z.infer<typeof waitlistEntrySchema>, Of<'joinWaitlist'>>;
type _Notices = SameType<z.infer<typeof noticeSchema>[], Of<'notices'>>;
type _Overview = SameType<z.infer<typeof waitlistOverviewSchema>, Of<'waitlistOverview'>>;
