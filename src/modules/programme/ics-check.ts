/**
 * A small RFC 5545 checker for tests (no dependency): CRLF line ends, lines of at most 75
 * octets, unfolding, balanced BEGIN/END, the calendar's VERSION and PRODID, and each VEVENT's
 * UID, DTSTAMP and DTSTART. Throws on the first violation; returns the events' properties
 * (the last value of each name, parameters dropped, TEXT unescaped).
 */
export function parseIcs(body: string): {
  calendar: Record<string, string>;
  events: Record<string, string>[];
} {
  if (!body.endsWith('\r\n')) throw new Error('iCalendar must end with CRLF');
  const raw = body.slice(0, -2).split('\r\n');
  for (const l of raw) {
    if (l.includes('\n') || l.includes('\r')) throw new Error(`bare line break in ${JSON.stringify(l)}`);
    if (Buffer.byteLength(l, 'utf8') > 75) throw new Error(`line over 75 octets: ${l}`);
  }
  const lines: string[] = [];
  for (const l of raw) {
    if (l.startsWith(' ') || l.startsWith('\t')) {
      if (!lines.length) throw new Error('continuation line first');
      lines[lines.length - 1] += l.slice(1);
    } else lines.push(l);
  }
  const stack: string[] = [];
  const calendar: Record<string, string> = {};
  const events: Record<string, string>[] = [];
  let current: Record<string, string> | null = null;
  for (const l of lines) {
    const colon = l.indexOf(':');
    if (colon < 1) throw new Error(`not a content line: ${l}`);
    const name = (l.slice(0, colon).split(';')[0] ?? '').toUpperCase();
    const value = l
      .slice(colon + 1)
      .replace(/\\n/gi, '\n')
      .replace(/\\([,;\\])/g, '$1');
    if (name === 'BEGIN') {
      stack.push(value);
      if (value === 'VEVENT') current = {};
      continue;
    }
    if (name === 'END') {
      if (stack.pop() !== value) throw new Error(`END:${value} does not close its BEGIN`);
      if (value === 'VEVENT' && current) {
        for (const req of ['UID', 'DTSTAMP', 'DTSTART'])
          if (!current[req]) throw new Error(`VEVENT without ${req}`);
        events.push(current);
        current = null;
      }
      continue;
    }
    if (current) current[name] = value;
    else calendar[name] = value;
  }
  if (stack.length) throw new Error(`unclosed ${stack.join(', ')}`);
  if (calendar.VERSION !== '2.0' || !calendar.PRODID)
    throw new Error('VCALENDAR needs VERSION:2.0 and PRODID');
  return { calendar, events };
}
