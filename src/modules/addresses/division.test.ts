import { describe, expect, it } from 'vitest';
import { checkDivision } from './division';

describe('checkDivision', () => {
  it('names a real, nested province/city/district chain', () => {
    expect(checkDivision('11', '1101', '110105')).toEqual({
      ok: true,
      names: { province: '北京市', city: '市辖区', district: '朝阳区' },
    });
  });

  it('names the first wrong field', () => {
    expect(checkDivision('99', '1101', '110105')).toEqual({ ok: false, field: 'provinceCode' });
    expect(checkDivision('1101', '1101', '110105')).toEqual({ ok: false, field: 'provinceCode' });
    // A real city of another province.
    expect(checkDivision('12', '1101', '110105')).toEqual({ ok: false, field: 'cityCode' });
    expect(checkDivision('11', '1101', '120101')).toEqual({ ok: false, field: 'districtCode' });
  });
});
