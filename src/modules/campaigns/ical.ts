import type { Campaign, Series } from './model';
import { recurringSpan } from './recurrence';
import { toWallTime } from './zoned-time';

/**
 * iCalendar (RFC 5545) text. Small enough to write by hand: escape TEXT values, fold lines
 * at 75 octets, end lines with CRLF. Times are UTC (`...Z`) for single events; the series
 * uses DTSTART;TZID so the recurrence keeps the local time of day.
 */

// Control characters other than TAB are not allowed in iCalendar content (RFC 5545 §3.1).
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/**
 * A TEXT value: backslash, `;` and `,` escaped, and every line break (CRLF, a lone CR, a lone
 * LF, U+2028/9) written as `\n`. A raw CR must never pass: some readers end the line there,
 * which would let a title start a property of its own.
 */
export const escapeText = (s: string) =>
  s
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|[\r\n\u2028\u2029]/g, '\\n')
    .replace(CONTROL, '');

/**
 * A parameter value (`CN=...`): it has no escapes, so line breaks and controls are dropped,
 * `"` (which cannot appear at all) becomes `'`, and the value is DQUOTE-quoted when it holds
 * `:`, `;` or `,`, which would otherwise end the parameter (RFC 5545 §3.2).
 */
export function paramValue(s: string): string {
  const clean = s
    .replace(/\r\n|[\r\n\u2028\u2029]/g, ' ')
    .replace(CONTROL, '')
    .replace(/"/g, "'");
  return /[:;,]/.test(clean) ? `"${clean}"` : clean;
}

function fold(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  if (bytes.length <= 75) return line;
  const out: string[] = [];
  let chunk = '';
  let size = 0;
  for (const ch of line) {
    const n = Buffer.byteLength(ch, 'utf8');
    const limit = out.length === 0 ? 75 : 74; // continuation lines start with one space
    if (size + n > limit) {
      out.push(chunk);
      chunk = '';
      size = 0;
    }
    chunk += ch;
    size += n;
  }
  out.push(chunk);
  return out.join('\r\n ');
}

/** An instant as an iCalendar UTC DATE-TIME (20261201T010000Z); shared with the programme's agenda feed. */
export const utc = (iso: string | Date) =>
  new Date(iso)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

function localStamp(iso: string, tz: string): string {
  const w = toWallTime(new Date(iso), tz);
  const p = (n: number, l = 2) => String(n).padStart(l, '0');
  return `${p(w.year, 4)}${p(w.month)}${p(w.day)}T${p(w.hour)}${p(w.minute)}${p(w.second)}`;
}

/** A VCALENDAR around VEVENT line lists, folded and CRLF-ended; shared with the programme's agenda feed. */
export function calendar(name: string, events: string[][]): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Carnival//Official Events//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(name)}`,
    ...events.flat(),
    'END:VCALENDAR',
  ];
  return `${lines.map(fold).join('\r\n')}\r\n`;
}

/** An RFC 5545 DURATION: P3DT9H rather than PT291600S, as calendars show it. */
export function icalDuration(seconds: number): string {
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const time = `${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s ? `${s}S` : ''}`;
  if (!d && !time) return 'PT0S';
  return `P${d ? `${d}D` : ''}${time ? `T${time}` : ''}`;
}

export interface IcalOptions {
  locale: 'zh-CN' | 'en-US';
  baseUrl: string;
  stamp: Date;
}

export function campaignToIcal(c: Campaign, opts: IcalOptions): string {
  const title = c.title[opts.locale];
  const url = `${opts.baseUrl}/events/${c.slug}`;
  const main = [
    'BEGIN:VEVENT',
    `UID:${c.id}@carnival`,
    `DTSTAMP:${utc(opts.stamp)}`,
    `DTSTART:${utc(c.startsAt)}`,
    `DTEND:${utc(c.endsAt)}`,
    `SUMMARY:${escapeText(title)}`,
    `DESCRIPTION:${escapeText(c.summary[opts.locale])}`,
    `URL:${url}`,
    `ORGANIZER;CN=${paramValue(c.organizer.name)}:mailto:events@carnival.local`,
    `SEQUENCE:${c.version}`,
    'END:VEVENT',
  ];
  const phases = c.phases.map((p) => [
    'BEGIN:VEVENT',
    `UID:${c.id}-${p.key}@carnival`,
    `DTSTAMP:${utc(opts.stamp)}`,
    `DTSTART:${utc(p.startsAt)}`,
    `DTEND:${utc(p.endsAt)}`,
    `SUMMARY:${escapeText(`${title} · ${p.name[opts.locale]}`)}`,
    `RELATED-TO:${c.id}@carnival`,
    `URL:${url}`,
    `SEQUENCE:${c.version}`,
    'END:VEVENT',
  ]);
  return calendar(title, [main, ...phases]);
}

export function seriesToIcal(s: Series, editions: Campaign[], opts: IcalOptions): string {
  const first = editions[0];
  const events: string[][] = [];
  if (first) {
    // DTSTART is an occurrence of the RRULE (RFC 5545 §3.8.5.3: else it is an extra one), and the
    // event lasts as long as that span: the conference days, not the months of registration.
    const span = recurringSpan(first, s.rrule, s.timezone);
    const durationS = Math.round((Date.parse(span.endsAt) - Date.parse(span.startsAt)) / 1000);
    events.push([
      'BEGIN:VEVENT',
      `UID:${s.id}@carnival`,
      `DTSTAMP:${utc(opts.stamp)}`,
      `DTSTART;TZID=${s.timezone}:${localStamp(span.startsAt, s.timezone)}`,
      `DURATION:${icalDuration(durationS)}`,
      `RRULE:${s.rrule}`,
      `SUMMARY:${escapeText(s.name[opts.locale])}`,
      `URL:${opts.baseUrl}/events/${first.slug}`,
      'END:VEVENT',
    ]);
  }
  return calendar(s.name[opts.locale], events);
}
