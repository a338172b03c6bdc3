import { describe, expect, it } from 'vitest';
import { fixedZone, vtimezone, zonedProperty } from './ics-zone';

/** Which zones the agenda's iCalendar describes with a VTIMEZONE, and how its times read. */
describe('iCalendar time zones of the agenda', () => {
  const at = new Date('2026-12-01T00:00:00Z');

  it('describes zones without summer time by one fixed STANDARD component', () => {
    expect(fixedZone('Asia/Shanghai', at)).toEqual({ tzid: 'Asia/Shanghai', offset: '+0800' });
    expect(fixedZone('Asia/Kolkata', at)).toEqual({ tzid: 'Asia/Kolkata', offset: '+0530' });
    expect(fixedZone('America/Bogota', at)).toEqual({ tzid: 'America/Bogota', offset: '-0500' });
    expect(vtimezone({ tzid: 'Asia/Shanghai', offset: '+0800' })).toEqual([
      'BEGIN:VTIMEZONE',
      'TZID:Asia/Shanghai',
      'BEGIN:STANDARD',
      'DTSTART:19700101T000000',
      'TZOFFSETFROM:+0800',
      'TZOFFSETTO:+0800',
      'END:STANDARD',
      'END:VTIMEZONE',
    ]);
    expect(
      zonedProperty('DTSTART', '2026-12-01T01:30:00.000Z', { tzid: 'Asia/Shanghai', offset: '+0800' }),
    ).toBe('DTSTART;TZID=Asia/Shanghai:20261201T093000');
  });

  it('keeps UTC for zones with summer time, UTC itself and unknown names', () => {
    expect(fixedZone('Europe/Berlin', at)).toBeNull();
    expect(fixedZone('America/New_York', at)).toBeNull();
    expect(fixedZone('Australia/Sydney', at)).toBeNull();
    expect(fixedZone('UTC', at)).toBeNull();
    expect(fixedZone('Mars/Olympus_Mons', at)).toBeNull();
  });
});
