import { z } from 'zod';
import { LAYERS, type LayerName, type ParseResult, type Scenario, type ScenarioIssue } from './model';
import { PROMOTION_TYPES } from './promotion-types';

/**
 * The zod schema of a scenario (public API, docs/pricing.md). Strict: unknown promotion types
 * and unknown fields are rejected, each issue naming its JSON path. Validation happens here,
 * at the edges (CLI, HTTP); priceCart itself never parses.
 */

const MINOR = 'must be a non-negative integer in minor units';
const minor = z
  .number({ error: MINOR })
  .refine((v) => Number.isSafeInteger(v) && v >= 0, { error: MINOR, abort: true });
const positiveMinor = z
  .number({ error: 'must be a positive integer in minor units' })
  .refine((v) => Number.isSafeInteger(v) && v > 0, {
    error: 'must be a positive integer in minor units',
    abort: true,
  });
const PERCENT = 'must be an integer from 0 to 100';
const percent = z
  .number({ error: PERCENT })
  .refine((v) => Number.isInteger(v) && v >= 0 && v <= 100, { error: PERCENT, abort: true });
const QTY = 'must be a positive integer';
const quantity = z
  .number({ error: QTY })
  .refine((v) => Number.isSafeInteger(v) && v > 0, { error: QTY, abort: true });
const id = z.string({ error: 'must be a non-empty string' }).min(1, { error: 'must be a non-empty string' });
const names = z
  .array(id, { error: 'must be an array of strings' })
  .min(1, { error: 'must list at least one entry (omit the field to cover all)' });
const dateTime = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time with an offset' });
const layer = z.enum(LAYERS, { error: `must be one of ${LAYERS.join(', ')}` });
const thresholdBase = z.enum(['list', ...LAYERS], {
  error: `must be one of list, ${LAYERS.join(', ')}`,
});

const scope = {
  id,
  layer,
  skus: names.optional(),
  stores: names.optional(),
  excludeSkus: names.optional(),
  startsAt: dateTime.optional(),
  endsAt: dateTime.optional(),
};
const groupScope = { ...scope, thresholdBase: thresholdBase.optional() };

const promotion = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ ...scope, type: z.literal('amount_off'), amount: minor }),
    z.strictObject({ ...scope, type: z.literal('percent_off'), percent }),
    z.strictObject({ ...scope, type: z.literal('fixed_price'), price: minor }),
    z.strictObject({ ...scope, type: z.literal('presale'), deposit: minor, depositValue: minor }),
    z.strictObject({
      ...groupScope,
      type: z.literal('threshold'),
      tiers: z
        .array(z.strictObject({ threshold: minor, off: minor }), { error: 'must be an array of tiers' })
        .min(1, { error: 'must have at least one tier' }),
    }),
    z.strictObject({ ...groupScope, type: z.literal('coupon'), threshold: minor.optional(), off: minor }),
    z.strictObject({
      ...groupScope,
      type: z.literal('percent_coupon'),
      threshold: minor.optional(),
      percent,
      maxOff: minor.optional(),
    }),
    z.strictObject({
      ...groupScope,
      type: z.literal('every'),
      step: positiveMinor,
      off: minor,
      cap: minor.optional(),
    }),
    z.strictObject({ ...groupScope, type: z.literal('allowance'), step: positiveMinor, off: minor }),
  ],
  { error: `unknown promotion type; expected one of ${Object.keys(PROMOTION_TYPES).join(', ')}` },
);

const line = z.strictObject({ id, sku: id, store: id, unitPrice: minor, quantity });

const customer = z.strictObject({
  id,
  coupons: z.array(id, { error: 'must be an array of promotion ids' }).optional(),
  allowanceBalance: minor.optional(),
});

type Path = (string | number)[];
type Ctx = { addIssue: (i: { code: 'custom'; message: string; path: Path; input: unknown }) => void };

function crossCheck(s: Scenario, ctx: Ctx) {
  const add = (path: Path, message: string) => ctx.addIssue({ code: 'custom', message, path, input: s });
  const layers: readonly LayerName[] = s.layers ?? LAYERS;
  if (s.layers) {
    const seen = new Set<string>();
    s.layers.forEach((l, i) => {
      if (seen.has(l)) add(['layers', i], `layer ${l} is listed twice`);
      seen.add(l);
    });
  }
  const promoIds = new Set<string>();
  s.promotions.forEach((p, i) => {
    const at = (...rest: Path): Path => ['promotions', i, ...rest];
    if (promoIds.has(p.id)) add(at('id'), `duplicate promotion id ${p.id}`);
    promoIds.add(p.id);
    const allowed = PROMOTION_TYPES[p.type].layers as readonly LayerName[];
    if (!allowed.includes(p.layer)) {
      add(at('layer'), `a ${p.type} promotion must be in layer ${allowed.join(' or ')}`);
    }
    if (p.startsAt && p.endsAt && Date.parse(p.startsAt) >= Date.parse(p.endsAt)) {
      add(at('endsAt'), 'must be after startsAt');
    }
    if (p.type === 'presale' && p.deposit > p.depositValue) {
      add(at('depositValue'), 'must be at least the deposit');
    }
    if (p.type === 'threshold') {
      for (let t = 1; t < p.tiers.length; t++) {
        const prev = p.tiers[t - 1]!;
        const cur = p.tiers[t]!;
        if (cur.threshold <= prev.threshold)
          add(at('tiers', t, 'threshold'), 'tiers must ascend by threshold');
        else if (cur.off < prev.off) add(at('tiers', t, 'off'), 'a higher tier must not give less off');
      }
    }
    if ('thresholdBase' in p && p.thresholdBase !== undefined && p.thresholdBase !== 'list') {
      const own = layers.indexOf(p.layer);
      const base = layers.indexOf(p.thresholdBase);
      if (own >= 0 && (base < 0 || base >= own)) {
        add(at('thresholdBase'), `must be "list" or a layer before ${p.layer} in [${layers.join(', ')}]`);
      }
    }
  });
  const lineIds = new Set<string>();
  let cart = 0;
  s.lines.forEach((l, i) => {
    if (lineIds.has(l.id)) add(['lines', i, 'id'], `duplicate line id ${l.id}`);
    lineIds.add(l.id);
    const sub = l.unitPrice * l.quantity;
    if (!Number.isSafeInteger(sub)) add(['lines', i, 'quantity'], 'unitPrice × quantity is too large');
    cart += sub;
  });
  if (!Number.isSafeInteger(cart)) add(['lines'], 'the cart subtotal is too large');
}

export const scenarioSchema = z
  .strictObject({
    currency: z
      .string({ error: 'must be an ISO 4217 code' })
      .regex(/^[A-Z]{3}$/, { error: 'must be an ISO 4217 code' }),
    now: dateTime,
    layers: z
      .array(layer, { error: 'must be an array of layer names' })
      .min(1, { error: 'must list at least one layer' })
      .optional(),
    promotions: z.array(promotion, { error: 'must be an array of promotions' }),
    customer,
    lines: z.array(line, { error: 'must be an array of lines' }),
  })
  .superRefine((s, ctx) => crossCheck(s as Scenario, ctx as unknown as Ctx));

/** `["promotions", 3, "tiers", 0, "off"]` -> `$.promotions[3].tiers[0].off` */
export function toJsonPath(path: readonly PropertyKey[]): string {
  let out = '$';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else {
      const s = String(seg);
      out += /^[A-Za-z_$][\w$]*$/.test(s) ? `.${s}` : `[${JSON.stringify(s)}]`;
    }
  }
  return out;
}

function issuesOf(error: z.ZodError): ScenarioIssue[] {
  const out: ScenarioIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys)
        out.push({ path: toJsonPath([...issue.path, key]), message: 'unknown field' });
    } else {
      out.push({ path: toJsonPath(issue.path), message: issue.message });
    }
  }
  return out;
}

/**
 * Validate a scenario. Takes the parsed JSON value, or JSON text (a string is parsed first).
 * Returns the scenario, or every issue found, each naming its JSON path.
 */
export function parseScenario(json: unknown): ParseResult {
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (e) {
      return { ok: false, errors: [{ path: '$', message: `invalid JSON: ${(e as Error).message}` }] };
    }
  }
  const r = scenarioSchema.safeParse(value);
  if (!r.success) return { ok: false, errors: issuesOf(r.error) };
  return { ok: true, scenario: r.data as Scenario };
}
