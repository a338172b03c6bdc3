import type { Redis } from 'ioredis';
import type { RawRedis } from '../../platform/kv';
import type { KvRefusalCode } from './errors';
import {
  outcomeOfRecord,
  parsePendingMember,
  pendingMember,
  REFUSAL_TTL_MS,
  type ReserveOutcome,
  refusalRecord,
  type SlotStateStore,
  STATE_TTL_MS,
  slotKeys,
} from './slot-state';

/*
 * The Lua scripts. Each touches the keys of one slot only (one hash tag), so Redis Cluster keeps
 * them on one shard and runs each script with nothing in between. The hot path (reserve) declares
 * every key it touches; rebuild builds its keys from the slot's base, which stays in the slot's
 * hash tag. Numbers go back to Redis as the ARGV strings (Lua 5.1 prints big numbers as 1e+15).
 */
const RESERVE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return {'warming'} end
local prior = redis.call('GET', KEYS[5])
if prior then return {'prior', prior} end
local function refuse(code, reason)
  redis.call('SET', KEYS[5], 'R' .. code .. '|' .. reason, 'PX', ARGV[10])
  return {'refused', code, reason}
end
if ARGV[8] ~= '' then return refuse(ARGV[8], '') end
if redis.call('EXISTS', KEYS[4]) == 1 then return refuse('LIMIT_REACHED', 'live_reservation') end
local qty = tonumber(ARGV[1])
local units = tonumber(redis.call('GET', KEYS[3]) or '0')
if units + qty > tonumber(ARGV[2]) then return refuse('LIMIT_REACHED', 'limit') end
local remaining = tonumber(redis.call('GET', KEYS[2]) or '0')
if remaining < qty then return refuse('SOLD_OUT', '') end
remaining = redis.call('DECRBY', KEYS[2], ARGV[1])
redis.call('INCRBY', KEYS[3], ARGV[1])
redis.call('PEXPIRE', KEYS[3], ARGV[7])
redis.call('SET', KEYS[4], ARGV[9], 'PX', ARGV[6])
redis.call('SET', KEYS[5], 'P' .. ARGV[3], 'PX', ARGV[7])
redis.call('ZADD', KEYS[6], ARGV[5], ARGV[4])
return {'reserved', remaining}
`;

// KEYS[1] pending, KEYS[i+1] the i-th record; ARGV[1] ttl, then member_i, text_i.
const COMMIT = `
for i = 2, #KEYS do
  redis.call('ZREM', KEYS[1], ARGV[2 * i - 2])
  redis.call('SET', KEYS[i], 'D' .. ARGV[2 * i - 1], 'PX', ARGV[1])
end
return #KEYS - 1
`;

// KEYS pending, remaining, units, live, record; ARGV member, qty, reservationId, refusal record or '', ttl.
const COMPENSATE = `
local was = redis.call('ZREM', KEYS[1], ARGV[1])
if was == 1 then
  redis.call('INCRBY', KEYS[2], ARGV[2])
  if redis.call('DECRBY', KEYS[3], ARGV[2]) <= 0 then redis.call('DEL', KEYS[3]) end
  if redis.call('GET', KEYS[4]) == ARGV[3] then redis.call('DEL', KEYS[4]) end
end
if ARGV[4] == '' then
  local v = redis.call('GET', KEYS[5])
  if v and string.sub(v, 1, 1) == 'P' then redis.call('DEL', KEYS[5]) end
else
  redis.call('SET', KEYS[5], ARGV[4], 'PX', ARGV[5])
end
return was
`;

// KEYS released-marker, ready, remaining, units, live; ARGV qty, reservationId, marker ttl.
// The marker is set even when the slot is not built: the rebuild then counts the unit back.
const RELEASE = `
if not redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[3]) then return 0 end
if redis.call('EXISTS', KEYS[2]) == 0 then return 0 end
redis.call('INCRBY', KEYS[3], ARGV[1])
if redis.call('DECRBY', KEYS[4], ARGV[1]) <= 0 then redis.call('DEL', KEYS[4]) end
if redis.call('GET', KEYS[5]) == ARGV[2] then redis.call('DEL', KEYS[5]) end
return 1
`;

// KEYS[1] the slot's base ('<prefix>{fs:<id>}:'); ARGV[1] the snapshot as JSON.
const REBUILD = `
local base = KEYS[1]
if redis.call('EXISTS', base .. 'ready') == 1 then return 0 end
local s = cjson.decode(ARGV[1])
local ttl = tostring(s.stateTtlMs)
local units = {}
for _, u in ipairs(s.units) do units[u[1]] = u[2] end
local remaining = s.remaining
for _, l in ipairs(s.live) do
  if redis.call('EXISTS', base .. 'released:' .. l.reservationId) == 1 then
    remaining = remaining + l.quantity
    units[l.customerId] = (units[l.customerId] or 0) - l.quantity
  else
    redis.call('SET', base .. 'live:' .. l.customerId, l.reservationId, 'PX', tostring(l.ttlMs))
  end
end
for c, n in pairs(units) do
  if n > 0 then redis.call('SET', base .. 'units:' .. c, tostring(n), 'PX', ttl)
  else redis.call('DEL', base .. 'units:' .. c) end
end
for _, a in ipairs(s.answers) do
  redis.call('SET', base .. 'idem:' .. a.customerId .. ':' .. a.idempotencyKey, 'D' .. a.text, 'PX', ttl)
end
for _, id in ipairs(s.ended) do redis.call('SET', base .. 'released:' .. id, '1', 'PX', ttl) end
redis.call('DEL', base .. 'pending')
redis.call('SET', base .. 'remaining', tostring(remaining))
redis.call('SET', base .. 'ready', '1')
return 1
`;

// KEYS ready, remaining, pending; ARGV observed, correct.
const REPAIR = `
if redis.call('EXISTS', KEYS[1]) == 0 or redis.call('ZCARD', KEYS[3]) > 0 then return 0 end
if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[2], ARGV[2])
return 1
`;

interface SlotScripts {
  fsReserve(...args: (string | number)[]): Promise<[string, ...(string | number)[]]>;
  fsCommit(...args: (string | number)[]): Promise<number>;
  fsCompensate(...args: (string | number)[]): Promise<number>;
  fsRelease(...args: (string | number)[]): Promise<number>;
  fsRebuild(...args: (string | number)[]): Promise<number>;
  fsRepair(...args: (string | number)[]): Promise<number>;
}

function withScripts(client: Redis): Redis & SlotScripts {
  const c = client as Redis & SlotScripts & { fsScriptsDefined?: boolean };
  if (!c.fsScriptsDefined) {
    c.defineCommand('fsReserve', { numberOfKeys: 6, lua: RESERVE });
    c.defineCommand('fsCommit', { lua: COMMIT });
    c.defineCommand('fsCompensate', { numberOfKeys: 5, lua: COMPENSATE });
    c.defineCommand('fsRelease', { numberOfKeys: 5, lua: RELEASE });
    c.defineCommand('fsRebuild', { numberOfKeys: 1, lua: REBUILD });
    c.defineCommand('fsRepair', { numberOfKeys: 3, lua: REPAIR });
    c.fsScriptsDefined = true;
  }
  return c;
}

export function redisSlotState(raw: RawRedis): SlotStateStore {
  const client = withScripts(raw.client);
  const p = raw.prefix;
  const keysOf = (slotId: string) => slotKeys(slotId);
  return {
    kind: 'redis',
    async reserve(input): Promise<ReserveOutcome> {
      const k = keysOf(input.slotId);
      const reply = await raw.run(() =>
        client.fsReserve(
          p + k.ready,
          p + k.remaining,
          p + k.units(input.customerId),
          p + k.live(input.customerId),
          p + k.idem(input.customerId, input.idempotencyKey),
          p + k.pending,
          input.quantity,
          input.perCustomerLimit,
          input.answerText,
          pendingMember(input),
          input.nowMs,
          Math.max(1, input.liveTtlMs),
          input.stateTtlMs,
          input.gate ?? '',
          input.reservationId,
          REFUSAL_TTL_MS,
        ),
      );
      const [kind, a, b] = reply;
      if (kind === 'warming') return { kind: 'warming' };
      if (kind === 'prior') return outcomeOfRecord(String(a));
      if (kind === 'refused')
        return {
          kind: 'refused',
          refusal: { code: a as KvRefusalCode, reason: String(b ?? '') },
          replayed: false,
        };
      return { kind: 'reserved', remaining: Number(a) };
    },
    async commit(slotId, done) {
      if (done.length === 0) return;
      const k = keysOf(slotId);
      const keys = [
        p + k.pending,
        ...done.map((d) => p + k.idem(d.entry.customerId, d.entry.idempotencyKey)),
      ];
      const args = done.flatMap((d) => [pendingMember(d.entry), d.answerText]);
      await raw.run(() => client.fsCommit(keys.length, ...keys, STATE_TTL_MS, ...args));
    },
    async compensate(slotId, entry, refusal) {
      const k = keysOf(slotId);
      const was = await raw.run(() =>
        client.fsCompensate(
          p + k.pending,
          p + k.remaining,
          p + k.units(entry.customerId),
          p + k.live(entry.customerId),
          p + k.idem(entry.customerId, entry.idempotencyKey),
          pendingMember(entry),
          entry.quantity,
          entry.reservationId,
          refusal ? refusalRecord(refusal) : '',
          REFUSAL_TTL_MS,
        ),
      );
      return was === 1;
    },
    async release(slotId, unit) {
      const k = keysOf(slotId);
      const done = await raw.run(() =>
        client.fsRelease(
          p + k.released(unit.reservationId),
          p + k.ready,
          p + k.remaining,
          p + k.units(unit.customerId),
          p + k.live(unit.customerId),
          unit.quantity,
          unit.reservationId,
          unit.markerTtlMs,
        ),
      );
      return done === 1;
    },
    async clearLive(slotId, customerId, reservationId) {
      const key = p + keysOf(slotId).live(customerId);
      await raw.run(async () => {
        if ((await client.get(key)) === reservationId) await client.del(key);
      });
    },
    async rebuild(slotId, snapshot) {
      const done = await raw.run(() => client.fsRebuild(p + keysOf(slotId).base, JSON.stringify(snapshot)));
      return done === 1;
    },
    async isReady(slotId) {
      return (await raw.run(() => client.exists(p + keysOf(slotId).ready))) === 1;
    },
    async storedAnswer(slotId, customerId, idempotencyKey) {
      // Redis lapses refusal records itself (PEXPIRE), so nowMs is not needed here.
      const record = await raw.run(() => client.get(p + keysOf(slotId).idem(customerId, idempotencyKey)));
      return record === null ? null : outcomeOfRecord(record);
    },
    async remaining(slotIds) {
      const out = new Map<string, number | null>();
      if (slotIds.length === 0) return out;
      // One round trip for the whole list; each slot's two keys share a hash tag.
      const replies = await raw.run(() => {
        const pipe = client.pipeline();
        for (const id of slotIds) pipe.mget(p + keysOf(id).ready, p + keysOf(id).remaining);
        return pipe.exec();
      });
      slotIds.forEach((id, i) => {
        const [err, value] = replies?.[i] ?? [null, null];
        const [ready, remaining] = (err ? [null, null] : value) as [string | null, string | null];
        out.set(id, ready && remaining !== null ? Number(remaining) : null);
      });
      return out;
    },
    async stalePending(slotId, beforeMs) {
      const members = await raw.run(() =>
        client.zrangebyscore(p + keysOf(slotId).pending, '-inf', `(${beforeMs}`, 'LIMIT', 0, 500),
      );
      return members.map(parsePendingMember);
    },
    async quietRemaining(slotId) {
      const k = keysOf(slotId);
      const [ready, remaining, pending] = await raw.run(async () => {
        const replies = await client
          .pipeline()
          .exists(p + k.ready)
          .get(p + k.remaining)
          .zcard(p + k.pending)
          .exec();
        return (replies ?? []).map(([err, v]) => (err ? null : v));
      });
      return ready === 1 && pending === 0 && remaining !== null ? Number(remaining) : null;
    },
    async repairRemaining(slotId, observed, correct) {
      const k = keysOf(slotId);
      const done = await raw.run(() =>
        client.fsRepair(p + k.ready, p + k.remaining, p + k.pending, observed, correct),
      );
      return done === 1;
    },
    async forget(slotId) {
      // Operations/test hook only: SCAN is fine here, never on the hot path.
      const pattern = `${p}${keysOf(slotId).base.replace(/[{}[\]*?]/g, (c) => `\\${c}`)}*`;
      await raw.run(async () => {
        let cursor = '0';
        do {
          const [next, keys] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
          cursor = next;
          if (keys.length) await client.del(...keys);
        } while (cursor !== '0');
      });
    },
  };
}
