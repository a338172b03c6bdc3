/**
 * The demo products' pictures, drawn here in code (issue 9 item 3): nothing is downloaded at
 * install or run time, and a demo install has no image host, so each picture is an SVG of the
 * product's kind (a coat, a bottle, earphones, a bowl of rice...) in the product's colour, with
 * its name, stored in the product's imageUrls as a base64 data: URL (the catalogue schema takes
 * those next to http(s) URLs; the Content Security Policy's img-src already allows data:).
 */

/** The colours the demo SKUs name (颜色), as paint. */
const COLOURS: Record<string, string> = {
  驼色: '#b9875a',
  黑色: '#2f2f35',
  黑: '#2f2f35',
  白: '#e9e6df',
  雾蓝: '#7f9cbf',
  燕麦: '#cdb995',
  灰: '#7d8590',
  银: '#a9b0b8',
};

/** A background and a default paint per category group, so a shelf of pictures is not all one colour. */
const GROUPS: Record<string, { bg: [string, string]; paint: string }> = {
  apparel: { bg: ['#fff1e6', '#ffd8bf'], paint: '#d4622a' },
  beauty: { bg: ['#fff0f6', '#ffd6e7'], paint: '#c41d7f' },
  electronics: { bg: ['#e6f4ff', '#bae0ff'], paint: '#1d39c4' },
  home: { bg: ['#f6ffed', '#d9f7be'], paint: '#5b8c00' },
  food: { bg: ['#fffbe6', '#fff1b8'], paint: '#ad6800' },
};

/** A pictogram per kind of product, drawn in a 200×200 box centred at (100, 95); `p` is the paint. */
const SHAPES: Record<string, (p: string) => string> = {
  coat: (p) =>
    `<path d="M70 40 L100 55 L130 40 L165 70 L150 95 L140 88 L140 160 L60 160 L60 88 L50 95 L35 70 Z" fill="${p}"/>` +
    `<path d="M100 55 L100 160" stroke="#000" stroke-opacity=".18" stroke-width="3"/>` +
    `<circle cx="108" cy="95" r="4" fill="#000" fill-opacity=".25"/><circle cx="108" cy="120" r="4" fill="#000" fill-opacity=".25"/>`,
  shirt: (p) =>
    `<path d="M72 42 L90 50 L100 64 L110 50 L128 42 L162 66 L148 92 L136 86 L136 158 L64 158 L64 86 L52 92 L38 66 Z" fill="${p}"/>` +
    `<path d="M90 50 L100 64 L110 50" fill="none" stroke="#000" stroke-opacity=".2" stroke-width="3"/>`,
  scarf: (p) =>
    `<path d="M60 50 Q100 30 140 50 L140 70 Q100 52 60 70 Z" fill="${p}"/>` +
    `<path d="M110 62 L132 160 L108 160 L96 66 Z" fill="${p}"/><path d="M110 150 L132 150 M108 156 L132 156" stroke="#000" stroke-opacity=".2" stroke-width="2"/>`,
  bedding: (p) =>
    `<rect x="35" y="80" width="130" height="60" rx="8" fill="${p}"/><rect x="45" y="60" width="50" height="28" rx="10" fill="#fff" fill-opacity=".85"/>` +
    `<rect x="105" y="60" width="50" height="28" rx="10" fill="#fff" fill-opacity=".85"/><rect x="30" y="138" width="140" height="10" rx="4" fill="#000" fill-opacity=".2"/>`,
  pan: (p) =>
    `<ellipse cx="85" cy="105" rx="52" ry="40" fill="${p}"/><ellipse cx="85" cy="100" rx="42" ry="30" fill="#000" fill-opacity=".25"/>` +
    `<rect x="132" y="95" width="48" height="12" rx="6" fill="#3a3a3a"/>`,
  candle: (p) =>
    `<rect x="60" y="70" width="80" height="85" rx="10" fill="${p}"/><rect x="60" y="100" width="80" height="22" fill="#fff" fill-opacity=".6"/>` +
    `<path d="M100 45 Q110 58 100 68 Q90 58 100 45 Z" fill="#fa8c16"/><rect x="98" y="66" width="4" height="6" fill="#333"/>`,
  rice: (p) =>
    `<path d="M55 60 L145 60 L155 160 L45 160 Z" fill="${p}"/><rect x="70" y="95" width="60" height="36" rx="6" fill="#fff" fill-opacity=".85"/>` +
    `<path d="M80 120 Q100 100 120 120" stroke="#7cb305" stroke-width="4" fill="none"/>`,
  tea: (p) =>
    `<rect x="60" y="60" width="80" height="100" rx="12" fill="${p}"/><rect x="70" y="48" width="60" height="16" rx="4" fill="#000" fill-opacity=".3"/>` +
    `<path d="M100 90 Q125 100 100 135 Q75 100 100 90 Z" fill="#95de64"/>`,
  nuts: (p) =>
    `<rect x="40" y="70" width="120" height="85" rx="10" fill="${p}"/><path d="M40 95 L160 95" stroke="#fff" stroke-opacity=".6" stroke-width="6"/>` +
    `<ellipse cx="80" cy="125" rx="14" ry="10" fill="#d48806"/><ellipse cx="105" cy="128" rx="12" ry="9" fill="#ad6800"/><ellipse cx="127" cy="122" rx="13" ry="9" fill="#d48806"/>`,
  bottle: (p) =>
    `<rect x="75" y="70" width="50" height="90" rx="10" fill="${p}"/><rect x="88" y="45" width="24" height="28" rx="4" fill="#000" fill-opacity=".35"/>` +
    `<rect x="83" y="100" width="34" height="30" rx="4" fill="#fff" fill-opacity=".8"/>`,
  mask: (p) =>
    `<rect x="50" y="45" width="100" height="120" rx="12" fill="${p}"/><ellipse cx="100" cy="100" rx="30" ry="38" fill="#fff" fill-opacity=".85"/>` +
    `<circle cx="89" cy="92" r="5" fill="${p}"/><circle cx="111" cy="92" r="5" fill="${p}"/><path d="M90 115 Q100 122 110 115" stroke="${p}" stroke-width="3" fill="none"/>`,
  earphones: (p) =>
    `<path d="M55 110 Q55 45 100 45 Q145 45 145 110" fill="none" stroke="${p}" stroke-width="12" stroke-linecap="round"/>` +
    `<rect x="40" y="100" width="32" height="52" rx="14" fill="${p}"/><rect x="128" y="100" width="32" height="52" rx="14" fill="${p}"/>`,
  powerbank: (p) =>
    `<rect x="60" y="40" width="80" height="125" rx="14" fill="${p}"/><rect x="92" y="150" width="16" height="6" rx="2" fill="#333"/>` +
    `<path d="M105 75 L88 105 L102 105 L95 130 L115 97 L101 97 Z" fill="#fadb14"/>`,
  watch: (p) =>
    `<rect x="80" y="30" width="40" height="140" rx="10" fill="#000" fill-opacity=".35"/><rect x="60" y="62" width="80" height="76" rx="20" fill="${p}"/>` +
    `<rect x="70" y="72" width="60" height="56" rx="14" fill="#111"/><path d="M100 86 L100 100 L112 108" stroke="#5cdbd3" stroke-width="4" fill="none" stroke-linecap="round"/>`,
  box: (p) =>
    `<rect x="45" y="70" width="110" height="85" rx="6" fill="${p}"/><rect x="40" y="58" width="120" height="20" rx="4" fill="#000" fill-opacity=".2"/>` +
    `<rect x="94" y="58" width="12" height="97" fill="#fff" fill-opacity=".7"/>`,
};

/** Which pictogram a demo product gets: by words in its title, else by its category. */
function shapeOf(title: string, category: string): string {
  const byTitle: [RegExp, string][] = [
    [/大衣|外套/, 'coat'],
    [/衬衫|T恤/, 'shirt'],
    [/围巾/, 'scarf'],
    [/四件套|被/, 'bedding'],
    [/锅/, 'pan'],
    [/蜡烛|香薰/, 'candle'],
    [/米/, 'rice'],
    [/茶/, 'tea'],
    [/坚果/, 'nuts'],
    [/面膜/, 'mask'],
    [/精华|乳|霜|水/, 'bottle'],
    [/耳机/, 'earphones'],
    [/充电宝|电源/, 'powerbank'],
    [/手表|手环/, 'watch'],
  ];
  const hit = byTitle.find(([re]) => re.test(title));
  if (hit) return hit[1];
  const group = category.split('.')[0];
  return group === 'apparel' ? 'shirt' : group === 'beauty' ? 'bottle' : 'box';
}

const escapeXml = (s: string) =>
  s.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!,
  );

/** The SVG source of a product's picture (400×400). */
export function productSvg(product: { title: string; category: string; colour?: string }): string {
  const group = GROUPS[product.category.split('.')[0]!] ?? GROUPS.home!;
  const paint = (product.colour && COLOURS[product.colour]) || group.paint;
  const shape = SHAPES[shapeOf(product.title, product.category)]!;
  // The name under the picture: the shop's words, so a picture is told apart at a glance.
  const name = escapeXml(product.title.length > 12 ? `${product.title.slice(0, 11)}…` : product.title);
  return (
    '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400" viewBox="0 0 200 200">' +
    `<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${group.bg[0]}"/>` +
    `<stop offset="1" stop-color="${group.bg[1]}"/></linearGradient></defs>` +
    '<rect width="200" height="200" fill="url(#g)"/>' +
    '<ellipse cx="100" cy="165" rx="62" ry="7" fill="#000" fill-opacity=".08"/>' +
    `<g transform="translate(0 -8)">${shape(paint)}</g>` +
    `<text x="100" y="188" text-anchor="middle" font-size="13" font-weight="600" fill="#3a3a3a" ` +
    `font-family="PingFang SC, Noto Sans CJK SC, Microsoft YaHei, sans-serif">${name}</text>` +
    '</svg>'
  );
}

/** The picture as a data: URL, for a product's imageUrls. */
export function productImageUrl(product: { title: string; category: string; colour?: string }): string {
  return `data:image/svg+xml;base64,${Buffer.from(productSvg(product), 'utf8').toString('base64')}`;
}
