/** The event count in words: "1 event", never "1 events" (issue 9 item 7). */
import { describe, expect, it } from 'vitest';
import { enUS } from '../../web/src/app/i18n/en-US';
import { zhCN } from '../../web/src/app/i18n/zh-CN';
import { eventCountText } from '../../web/src/hub/count';

type Translate = Parameters<typeof eventCountText>[0];
const translator =
  (dict: Record<string, string>): Translate =>
  (key: string, vars?: Record<string, string | number>) =>
    (dict[key] ?? key).replace(/\{(\w+)\}/g, (m: string, name: string) => String(vars?.[name] ?? m));

describe('event counts', () => {
  it('says 1 event, 2 events and 100+ events in English', () => {
    const t = translator(enUS);
    expect(eventCountText(t, 1)).toBe('1 event');
    expect(eventCountText(t, 0)).toBe('0 events');
    expect(eventCountText(t, 2)).toBe('2 events');
    expect(eventCountText(t, 100, true)).toBe('100+ events');
  });
  it('says 共 1 场活动 in Chinese', () => {
    expect(eventCountText(translator(zhCN), 1)).toBe('共 1 场活动');
  });
});
