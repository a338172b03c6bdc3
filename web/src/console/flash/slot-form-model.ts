import type { Dayjs } from 'dayjs';
import type { FlashSlotInput } from '../../api';
import { wallClockToIso } from '../../app/time';
import { parseYuan } from '../../merchant/format';

/** What the create form holds: wall-clock times in `timezone`, the flash price as typed yuan. */
export interface SlotFormValues {
  skuId: string;
  timezone: string;
  startsAt: Dayjs;
  endsAt: Dayjs;
  flashPriceYuan: string;
  stock: number;
  perCustomerLimit: number;
  checkoutMinutes: number;
  waitingRoom: boolean;
  minAccountAgeHours: number;
  slotRatePerSec?: number | null;
  customerRatePerSec?: number | null;
  ipRatePerSec?: number | null;
}

/** The API body: times as ISO 8601 with the zone's offset, the price in integer fen. */
export function toSlotInput(campaignId: string, v: SlotFormValues): FlashSlotInput {
  const fen = parseYuan(v.flashPriceYuan);
  const rate = (n: number | null | undefined) => (typeof n === 'number' && n > 0 ? n : null);
  return {
    campaignId,
    skuId: v.skuId,
    startsAt: wallClockToIso(v.startsAt, v.timezone),
    endsAt: wallClockToIso(v.endsAt, v.timezone),
    flashPrice: fen ?? 0,
    stock: v.stock,
    perCustomerLimit: v.perCustomerLimit,
    checkoutMinutes: v.checkoutMinutes,
    waitingRoom: v.waitingRoom,
    minAccountAgeHours: v.minAccountAgeHours,
    limits: {
      slotRatePerSec: rate(v.slotRatePerSec),
      customerRatePerSec: rate(v.customerRatePerSec),
      ipRatePerSec: rate(v.ipRatePerSec),
    },
  };
}

/** The form field an API field error belongs on (the price is typed in yuan under another name). */
export function formFieldOf(apiField: string): keyof SlotFormValues | null {
  const head = apiField.split('.')[0] ?? '';
  if (head === 'flashPrice') return 'flashPriceYuan';
  if (head === 'limits') {
    const sub = apiField.split('.')[1];
    return sub === 'slotRatePerSec' || sub === 'customerRatePerSec' || sub === 'ipRatePerSec' ? sub : null;
  }
  const known: (keyof SlotFormValues)[] = [
    'skuId',
    'startsAt',
    'endsAt',
    'stock',
    'perCustomerLimit',
    'checkoutMinutes',
    'waitingRoom',
    'minAccountAgeHours',
  ];
  return (known as string[]).includes(head) ? (head as keyof SlotFormValues) : null;
}
