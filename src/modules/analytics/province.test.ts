import { describe, expect, it } from 'vitest';
import { provinceOf } from './province';

describe('provinceOf', () => {
  it('takes the province of the shipping address first, the store’s region otherwise', () => {
    expect(provinceOf({ shippingProvince: '广东省', storeRegion: '浙江杭州' })).toBe('广东');
    expect(provinceOf({ shippingProvince: '内蒙古自治区', storeRegion: null })).toBe('内蒙古');
    expect(provinceOf({ shippingProvince: null, storeRegion: '浙江杭州' })).toBe('浙江');
    expect(provinceOf({ storeRegion: '火星' })).toBe('其他');
  });
});
