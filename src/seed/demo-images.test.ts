import { describe, expect, it } from 'vitest';
import { productDraftSchema } from '../modules/catalog';
import { MAX_DATA_IMAGE } from '../modules/catalog/schemas';
import { productImageUrl, productSvg } from './demo-images';
import { colourOf, STORES } from './demo-merchants';

const products = STORES.flatMap((s) => s.products);
const decode = (url: string) => Buffer.from(url.split(',')[1]!, 'base64').toString('utf8');

describe('demo product pictures (drawn in code, nothing downloaded)', () => {
  it('gives every demo product a picture the catalogue schema accepts', () => {
    for (const p of products) {
      const url = productImageUrl({
        title: p.title,
        category: p.category,
        colour: colourOf(p),
      });
      expect(url).toMatch(/^data:image\/svg\+xml;base64,/);
      expect(url.length).toBeLessThan(MAX_DATA_IMAGE);
      const draft = productDraftSchema.safeParse({
        title: p.title,
        category: p.category,
        imageUrls: [url],
        skus: [{ price: 100, stock: 1 }],
      });
      expect(draft.success, p.title).toBe(true);
      // The product's name is on its picture.
      expect(decode(url)).toContain(p.title.slice(0, 11));
    }
  });

  it('draws products of different kinds differently, in the SKU’s colour', () => {
    const svgs = new Set(products.map((p) => productSvg({ title: 'x', category: p.category })));
    expect(svgs.size).toBeGreaterThan(2);
    const camel = productSvg({ title: '双面羊毛大衣', category: 'apparel.women', colour: '驼色' });
    const black = productSvg({ title: '双面羊毛大衣', category: 'apparel.women', colour: '黑色' });
    expect(camel).not.toBe(black);
  });

  it('escapes a name, so a title cannot add markup to the picture', () => {
    const svg = productSvg({ title: '<script>&"', category: 'food' });
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;&amp;&quot;');
  });

  it('still refuses other data: URLs and non-image types', () => {
    const parse = (u: string) =>
      productDraftSchema.safeParse({
        title: 't',
        category: 'food',
        imageUrls: [u],
        skus: [{ price: 1, stock: 1 }],
      }).success;
    expect(parse('https://img.example.com/a.jpg')).toBe(true);
    expect(parse('data:text/html;base64,PHNjcmlwdD4=')).toBe(false);
    expect(parse('data:image/svg+xml,<svg onload=alert(1)>')).toBe(false);
    expect(parse('javascript:alert(1)')).toBe(false);
    expect(parse(`data:image/png;base64,${'A'.repeat(MAX_DATA_IMAGE)}`)).toBe(false);
  });
});
