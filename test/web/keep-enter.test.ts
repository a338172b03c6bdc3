/** Enter in a date field must not submit the form (issue 9 item 7). */
import { describe, expect, it } from 'vitest';
import { keepEnterInDates } from '../../web/src/app/keep-enter';

const keydown = (key: string, inPicker: boolean) => {
  let prevented = false;
  const target = { closest: (sel: string) => (inPicker && sel === '.ant-picker' ? {} : null) };
  keepEnterInDates({
    key,
    target: target as unknown as EventTarget,
    preventDefault: () => (prevented = true),
  });
  return prevented;
};

describe('Enter in a date field', () => {
  it('stops the implicit submit inside a date picker', () => expect(keydown('Enter', true)).toBe(true));
  it('leaves Enter elsewhere (a text field submits) and other keys alone', () => {
    expect(keydown('Enter', false)).toBe(false);
    expect(keydown('Tab', true)).toBe(false);
  });
  it('takes a target without closest (a text node, null)', () => {
    expect(() => keepEnterInDates({ key: 'Enter', target: null, preventDefault: () => {} })).not.toThrow();
  });
});
