/**
 * Checks of `SameType` itself, run by `npm run typecheck` (no runtime): each `@ts-expect-error`
 * fails the type check if the mismatch under it stops being reported.
 */
import type { SameType } from './api-schemas';

type Line = { sku: string; quantity: number };
interface Order {
  id: string;
  note?: string;
  paidAt: string | null;
  lines: Line[];
}

type _Equal = SameType<
  { id: string; note?: string | undefined; paidAt: string | null; lines: Line[] },
  Order
>;
type _Intersection = SameType<
  { id: string } & { note?: string; paidAt: string | null; lines: Line[] },
  Order
>;
type _MissingOptional = SameType<
  // @ts-expect-error an optional field the schema lacks
  { id: string; paidAt: string | null; lines: Line[] },
  Order
>;
type _Extra = SameType<
  // @ts-expect-error a field the type lacks
  { id: string; note?: string; paidAt: string | null; lines: Line[]; total: number },
  Order
>;
type _NotNullable = SameType<
  // @ts-expect-error nullable on one side only
  { id: string; note?: string; paidAt: string; lines: Line[] },
  Order
>;
type _Required = SameType<
  // @ts-expect-error required on one side, optional on the other
  { id: string; note: string; paidAt: string | null; lines: Line[] },
  Order
>;
type _Deep = SameType<
  // @ts-expect-error a nested field missing
  { id: string; note?: string; paidAt: string | null; lines: { sku: string }[] },
  Order
>;
