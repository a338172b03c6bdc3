import { describe, expect, it } from 'vitest';
import { escapeText, paramValue } from './ical';

describe('iCalendar escaping', () => {
  it('writes every kind of line break in TEXT as \\n, a lone CR included', () => {
    expect(escapeText('a\rb\nc\r\nd\u2028e')).toBe('a\\nb\\nc\\nd\\ne');
    expect(escapeText('x;y,z\\')).toBe('x\\;y\\,z\\\\');
    expect(escapeText('bell\u0007 tab\t')).toBe('bell tab\t');
  });

  it('quotes a parameter value holding : ; or , and drops what it cannot hold', () => {
    expect(paramValue('Carnival')).toBe('Carnival');
    expect(paramValue('Org: A; B, C')).toBe('"Org: A; B, C"');
    expect(paramValue('He said "hi"\r\nX-EVIL:1')).toBe(`"He said 'hi' X-EVIL:1"`);
  });
});
