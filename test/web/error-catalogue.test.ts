import { describe, expect, it } from 'vitest';
import { ApiError } from '../../web/src/api/client';
import { fieldErrorText } from '../../web/src/app/form-errors';
import { enUS } from '../../web/src/app/i18n/en-US';
import { type MessageKey, zhCN } from '../../web/src/app/i18n/zh-CN';
import { serverErrorCodes } from './server-error-codes';

const ROOT = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');
const dictionaries = { 'zh-CN': zhCN as Record<string, string>, 'en-US': enUS as Record<string, string> };

/** The provider's translate (context.tsx) over one dictionary, without its zh-CN fallback. */
type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;
const translate =
  (dict: Record<string, string>): Translate =>
  (key: MessageKey, vars?: Record<string, string | number>) => {
    const text = dict[key] ?? key;
    return vars ? text.replace(/\{(\w+)\}/g, (m, name: string) => String(vars[name] ?? m)) : text;
  };

describe('error catalogue', () => {
  const codes = serverErrorCodes(ROOT);

  it('finds the server’s codes in its sources', () => {
    // A sanity floor: the scan reads the constructors (≈180 codes when this was written).
    expect(codes.size).toBeGreaterThan(150);
    for (const code of ['VALIDATION_FAILED', 'NOT_FOUND', 'CART_EMPTY', 'SOLD_OUT', 'BAD_JSON'])
      expect(codes.has(code), code).toBe(true);
  });

  for (const [locale, dict] of Object.entries(dictionaries)) {
    it(`has error.<CODE> in ${locale} for every code the server can answer with`, () => {
      const missing = [...codes]
        .filter(([code]) => !dict[`error.${code}`]?.trim())
        .map(([code, file]) => `${code} (${file})`);
      expect(missing, `add error.<CODE> to web/src/app/i18n/errors.${locale}.ts`).toEqual([]);
    });
  }

  it('has no Chinese in the en-US error texts and Chinese in every zh-CN one', () => {
    const han = /\p{Script=Han}/u;
    for (const code of codes.keys()) {
      expect(han.test(dictionaries['en-US'][`error.${code}`] ?? ''), `en-US error.${code}`).toBe(false);
      expect(han.test(dictionaries['zh-CN'][`error.${code}`] ?? ''), `zh-CN error.${code}`).toBe(true);
    }
  });
});

describe('fieldErrorText', () => {
  const zh = translate(dictionaries['zh-CN']);
  const en = translate(dictionaries['en-US']);
  const refusal = (code: string, message: string, details?: Record<string, unknown>) =>
    new ApiError(400, code, message, 'name', [], details);

  it('words a validation issue from its rule and bounds, not zod’s English', () => {
    const error = new ApiError(400, 'VALIDATION_FAILED', 'name: Too small', 'name', [], undefined);
    const issue = { field: 'name', message: 'Too small: expected string to have >=2 characters' };
    expect(
      fieldErrorText(zh, error, { ...issue, rule: 'too_small', origin: 'string', minimum: 2 } as never),
    ).toBe('至少 2 个字符');
    expect(
      fieldErrorText(en, error, { ...issue, rule: 'too_big', origin: 'number', maximum: 9 } as never),
    ).toBe('Must be at most 9');
    expect(fieldErrorText(zh, error, { ...issue, rule: 'invalid_format', format: 'email' } as never)).toBe(
      '请填写正确的邮箱',
    );
    // A rule the catalogue does not know: the code's words.
    expect(fieldErrorText(zh, error, { ...issue, rule: 'brand_new_rule' } as never)).toBe(
      dictionaries['zh-CN']['error.VALIDATION_FAILED'],
    );
  });

  it('words a refusal naming a field from error.<CODE>, with its details', () => {
    expect(fieldErrorText(zh, refusal('SLUG_TAKEN', 'slug: another event uses it'))).toBe(
      '这个链接名已被其他活动使用',
    );
    expect(fieldErrorText(en, refusal('EMAIL_TAKEN', 'An account with this email exists'))).toMatch(
      /e-mail exists/,
    );
  });

  it('falls back to the server’s message only for a code the catalogue lacks', () => {
    expect(fieldErrorText(zh, refusal('NO_SUCH_CODE_YET', 'Server words'))).toBe('Server words');
  });
});
