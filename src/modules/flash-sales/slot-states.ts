import type { Kv } from '../../platform/kv';
import { rawRedisOf } from '../../platform/kv';
import type { SlotStateStore } from './slot-state';
import { memorySlotState } from './slot-state-memory';
import { redisSlotState } from './slot-state-redis';

/** Redis when the Kv is Redis (shared by every process), else the in-process store of that Kv. */
export function slotStateFor(kv: Kv): SlotStateStore {
  const raw = rawRedisOf(kv);
  return raw ? redisSlotState(raw) : memorySlotState(kv);
}
