/** The UI's English names for platform words the server keeps in Chinese: provinces and the platform's organizers. */
import { describe, expect, it } from 'vitest';
import { PROVINCES } from '../src/modules/analytics/province';
import { DEMO_CAMPAIGNS, liveDemoCampaign } from '../src/seed/demo-campaigns';
import { provinceName, regionParts } from '../web/src/app/provinces';
import { organizerName } from '../web/src/event/organizers';

const HAN = /\p{Script=Han}/u;

describe('province names', () => {
  it('names every province the server reports in English, and keeps zh-CN as is', () => {
    for (const p of [...PROVINCES, '其他']) {
      expect(provinceName(p, 'en-US'), p).not.toMatch(HAN);
      expect(provinceName(p, 'zh-CN')).toBe(p);
    }
    expect(provinceName('黑龙江', 'en-US')).toBe('Heilongjiang');
  });

  it('splits a region into the province (translated) and the merchant’s place name', () => {
    expect(regionParts('黑龙江·五常', 'en-US')).toEqual({ province: 'Heilongjiang', rest: '五常' });
    expect(regionParts('浙江杭州', 'en-US')).toEqual({ province: 'Zhejiang', rest: '杭州' });
    expect(regionParts('内蒙古', 'zh-CN')).toEqual({ province: '内蒙古', rest: '' });
    expect(regionParts('某地', 'en-US')).toEqual({ province: '', rest: '某地' });
  });
});

describe('organizer names', () => {
  it('has an English name for every organizer the demo seeds', () => {
    for (const c of [...DEMO_CAMPAIGNS, liveDemoCampaign(new Date())])
      expect(organizerName(c.organizer.name, 'en-US'), c.organizer.name).not.toMatch(HAN);
  });

  it('shows any other organizer as typed', () => {
    expect(organizerName('某某协会', 'en-US')).toBe('某某协会');
    expect(organizerName('Carnival 平台活动中心', 'zh-CN')).toBe('Carnival 平台活动中心');
  });
});
