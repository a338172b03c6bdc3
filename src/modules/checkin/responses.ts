import { z } from 'zod';
import { isoInstant, type SameType } from '../../platform/http/api-schemas';
import type { CheckinList, ScanRecorded } from './model';
import type { Scanning } from './scans';
import type { CheckinAccess } from './service';

/** The check-in module's answers (docs/checkin.md), registered by id for the generated client. */

const scanResult = z.enum(['admitted', 'duplicate', 'refused']);

export const checkinListSchema = z
  .object({
    id: z.string(),
    eventId: z.string(),
    name: z.string(),
    kind: z.enum(['event', 'day', 'workshop']),
    typeIds: z.array(z.string()).describe('Ticket types admitted; empty = every type'),
    validDays: z.array(z.string()).describe('Local dates (YYYY-MM-DD) it admits on; empty = any day'),
    allowReentry: z.boolean(),
    version: z.number().int(),
    createdAt: isoInstant(),
    updatedAt: isoInstant(),
  })
  .meta({ id: 'CheckinList', description: 'A check-in list with its rules' });

export const checkinKeySchema = z
  .object({
    eventId: z.string(),
    algorithm: z.literal('Ed25519'),
    format: z.literal('raw-base64url'),
    publicKey: z.string().describe('The raw 32-byte Ed25519 public key, base64url'),
  })
  .meta({ id: 'CheckinKey' });

export const ticketCodeSchema = z
  .object({
    ticketId: z.string(),
    eventId: z.string(),
    status: z.enum(['valid', 'cancelled', 'refunded']),
    payload: z.string().describe('The QR payload: CV1.<payload>.<Ed25519 signature> (docs/checkin.md)'),
  })
  .meta({ id: 'TicketCode' });

export const myTicketSchema = ticketCodeSchema
  .extend({
    typeName: z.string(),
    attendeeName: z.string(),
    event: z.object({
      id: z.string(),
      slug: z.string(),
      title: z.object({ 'zh-CN': z.string(), 'en-US': z.string() }),
      startsAt: isoInstant(),
      timezone: z.string(),
    }),
  })
  .meta({ id: 'MyTicketCode', description: 'One of your tickets with its signed QR payload' });

export const checkinTicketSchema = z
  .object({
    ticketId: z.string(),
    typeId: z.string(),
    typeName: z.string(),
    attendeeName: z.string(),
    attendeeCompany: z.string().nullable(),
    status: z.enum(['valid', 'cancelled', 'refunded']),
  })
  .meta({ id: 'CheckinTicket' });

const listedTicket = checkinTicketSchema.extend({ checkedInAt: isoInstant().nullable() });

export const checkinStaffSchema = z
  .object({ userId: z.string(), email: z.string(), displayName: z.string(), addedAt: isoInstant() })
  .meta({ id: 'CheckinStaff' });

export const scanRecordedSchema = z
  .object({
    id: z.string(),
    listId: z.string(),
    result: scanResult,
    ticket: checkinTicketSchema.nullable(),
    scannedAt: isoInstant(),
  })
  .meta({ id: 'CheckinScanRecorded' });

export const syncResultSchema = z
  .object({
    recorded: z.number().int(),
    duplicates: z.array(z.string()).describe('clientScanIds of this device that another device beat'),
    results: z.array(
      z.object({
        clientScanId: z.string(),
        scanId: z.string(),
        ticketId: z.string().nullable(),
        result: scanResult,
        reason: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'CheckinSyncResult' });

const scanViewSchema = z.object({
  id: z.string(),
  ticketId: z.string().nullable(),
  deviceId: z.string(),
  clientScanId: z.string(),
  staffId: z.string(),
  scannedAt: isoInstant(),
  recordedAt: isoInstant(),
  mode: z.enum(['online', 'offline']),
  result: scanResult,
  reason: z.string().nullable(),
  attendeeName: z.string().nullable(),
});

export const checkinStatsSchema = z
  .object({
    listId: z.string(),
    admitted: z.number().int(),
    expected: z.number().int(),
    byType: z.array(
      z.object({
        typeId: z.string(),
        typeName: z.string(),
        expected: z.number().int(),
        admitted: z.number().int(),
      }),
    ),
    lastScans: z.array(scanViewSchema),
  })
  .meta({ id: 'CheckinStats', description: 'Live attendance of a list' });

export const checkinDownloadSchema = z
  .object({
    list: checkinListSchema,
    event: z.object({ id: z.string(), timezone: z.string() }),
    publicKey: z.string(),
    algorithm: z.literal('Ed25519'),
    version: z.string(),
    generatedAt: isoInstant(),
    tickets: z.array(listedTicket),
  })
  .meta({ id: 'CheckinDownload', description: 'Everything a device needs to check in offline' });

export const searchResultSchema = z.object({ items: z.array(listedTicket) });

// Compile-time: each schema describes exactly what the service returns.
type Api = Omit<CheckinAccess & Scanning, 'keyring'>;
// biome-ignore lint/suspicious/noExplicitAny: any function's answer
type Of<K extends keyof Api> = Api[K] extends (...a: any[]) => Promise<infer R> ? R : never;
type _List = SameType<z.infer<typeof checkinListSchema>, CheckinList>;
type _Key = SameType<z.infer<typeof checkinKeySchema>, Of<'publicKey'>>;
type _Code = SameType<z.infer<typeof ticketCodeSchema>, Of<'ticketCode'>>;
type _Mine = SameType<z.infer<typeof myTicketSchema>[], Of<'myTicketCodes'>>;
type _Staff = SameType<z.infer<typeof checkinStaffSchema>[], Of<'staff'>>;
type _Scan = SameType<z.infer<typeof scanRecordedSchema>, ScanRecorded>;
type _Sync = SameType<z.infer<typeof syncResultSchema>, Of<'sync'>>;
type _Stats = SameType<z.infer<typeof checkinStatsSchema>, Of<'stats'>>;
type _Download = SameType<z.infer<typeof checkinDownloadSchema>, Of<'download'>>;
type _Search = SameType<z.infer<typeof searchResultSchema>['items'], Of<'search'>>;
