/**
 * Categories are a fixed code list, not a table: the enrollment rules, the venue filters and
 * the store's main category all name the same few codes, and a list in code is versioned with
 * the rules that use it. Two levels: a code `group.leaf`; a rule may name a group (`apparel`)
 * to cover every leaf under it.
 */
export interface Category {
  code: string;
  name: { 'zh-CN': string; 'en-US': string };
}

export const CATEGORIES = [
  { code: 'apparel', name: { 'zh-CN': '服饰', 'en-US': 'Apparel' } },
  { code: 'apparel.women', name: { 'zh-CN': '女装', 'en-US': "Women's wear" } },
  { code: 'apparel.men', name: { 'zh-CN': '男装', 'en-US': "Men's wear" } },
  { code: 'apparel.shoes', name: { 'zh-CN': '鞋靴', 'en-US': 'Shoes' } },
  { code: 'beauty', name: { 'zh-CN': '美妆', 'en-US': 'Beauty' } },
  { code: 'beauty.skincare', name: { 'zh-CN': '护肤', 'en-US': 'Skincare' } },
  { code: 'beauty.makeup', name: { 'zh-CN': '彩妆', 'en-US': 'Makeup' } },
  { code: 'electronics', name: { 'zh-CN': '数码家电', 'en-US': 'Electronics' } },
  { code: 'electronics.phones', name: { 'zh-CN': '手机', 'en-US': 'Phones' } },
  { code: 'electronics.appliances', name: { 'zh-CN': '家电', 'en-US': 'Appliances' } },
  { code: 'home', name: { 'zh-CN': '家居', 'en-US': 'Home' } },
  { code: 'home.kitchen', name: { 'zh-CN': '厨具', 'en-US': 'Kitchen' } },
  { code: 'home.textiles', name: { 'zh-CN': '家纺', 'en-US': 'Textiles' } },
  { code: 'food', name: { 'zh-CN': '食品', 'en-US': 'Food' } },
  { code: 'food.snacks', name: { 'zh-CN': '零食', 'en-US': 'Snacks' } },
  { code: 'food.fresh', name: { 'zh-CN': '生鲜', 'en-US': 'Fresh' } },
  { code: 'food.farm', name: { 'zh-CN': '农产品', 'en-US': 'Farm produce' } },
] as const satisfies readonly Category[];

export type CategoryCode = (typeof CATEGORIES)[number]['code'];
export const CATEGORY_CODES = CATEGORIES.map((c) => c.code) as [CategoryCode, ...CategoryCode[]];

/** Whether `code` is `pattern` or a leaf under it (`apparel.women` is in `apparel`). */
export const categoryIn = (code: string, pattern: string) =>
  code === pattern || code.startsWith(`${pattern}.`);
