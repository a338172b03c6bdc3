/**
 * The province names ECharts' China map uses (short forms: '浙江', '广东', '上海', '内蒙古').
 * A store's region is free text such as '浙江杭州' or '黑龙江五常'; its province is the longest
 * name it starts with. Longest first so '黑龙江' wins over nothing shorter and '内蒙古' is whole.
 */
export const PROVINCES = [
  '北京',
  '天津',
  '河北',
  '山西',
  '内蒙古',
  '辽宁',
  '吉林',
  '黑龙江',
  '上海',
  '江苏',
  '浙江',
  '安徽',
  '福建',
  '江西',
  '山东',
  '河南',
  '湖北',
  '湖南',
  '广东',
  '广西',
  '海南',
  '重庆',
  '四川',
  '贵州',
  '云南',
  '西藏',
  '陕西',
  '甘肃',
  '青海',
  '宁夏',
  '新疆',
  '台湾',
  '香港',
  '澳门',
] as const;

const BY_LENGTH = [...PROVINCES].sort((a, b) => b.length - a.length);

/** Unknown regions are kept apart rather than guessed. */
export const UNKNOWN_PROVINCE = '其他';

export function provinceOfRegion(region: string | null | undefined): string {
  const r = (region ?? '').trim();
  return BY_LENGTH.find((p) => r.startsWith(p)) ?? UNKNOWN_PROVINCE;
}

/**
 * The one place an order line's province is decided: the province of the address the order
 * ships to (issue 9), else, for orders placed without one, the store's region.
 */
export function provinceOf(order: {
  shippingProvince?: string | null;
  storeRegion: string | null | undefined;
}): string {
  if (order.shippingProvince) return provinceOfRegion(order.shippingProvince);
  return provinceOfRegion(order.storeRegion);
}
