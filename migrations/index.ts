import type { Migration } from 'kysely';
import * as m0001 from './0001_platform';
import * as m0002 from './0002_accounts';
import * as m0003 from './0003_campaigns';
import * as m0004 from './0004_merchants';
import * as m0005 from './0005_ledger';
import * as m0006 from './0006_promotions';
import * as m0007 from './0007_orders';
import * as m0008 from './0008_checkout';
import * as m0009 from './0009_after_sale';
import * as m0010 from './0010_idempotency_claims';
import * as m0011 from './0011_account_security';
import * as m0012 from './0012_payments';
import * as m0013 from './0013_audit_trail';
import * as m0014 from './0014_hub_indexes';
import * as m0015 from './0015_flash_sales';
import * as m0016 from './0016_flash_sale_orders';
import * as m0017 from './0017_api_key_scopes';
import * as m0018 from './0018_webhooks';
import * as m0020 from './0020_transparency';
import * as m0021 from './0021_charity';
import * as m0022 from './0022_tickets';
import * as m0023 from './0023_checkin';
import * as m0024 from './0024_addresses';
import * as m0025 from './0025_analytics';
import * as m0026 from './0026_traceability';
import * as m0027 from './0027_conference_tracks';
import * as m0028 from './0028_cfp';
import * as m0029 from './0029_programme';
import * as m0030 from './0030_charity_description_en';

/** Every migration, in order. Names sort lexically; never rename or edit a landed one. */
export const migrations: Record<string, Migration> = {
  '0001_platform': m0001,
  '0002_accounts': m0002,
  '0003_campaigns': m0003,
  '0004_merchants': m0004,
  '0005_ledger': m0005,
  '0006_promotions': m0006,
  '0007_orders': m0007,
  '0008_checkout': m0008,
  '0009_after_sale': m0009,
  '0010_idempotency_claims': m0010,
  '0011_account_security': m0011,
  '0012_payments': m0012,
  '0013_audit_trail': m0013,
  '0014_hub_indexes': m0014,
  '0015_flash_sales': m0015,
  '0016_flash_sale_orders': m0016,
  '0017_api_key_scopes': m0017,
  '0018_webhooks': m0018,
  '0020_transparency': m0020,
  '0021_charity': m0021,
  '0022_tickets': m0022,
  '0023_checkin': m0023,
  '0024_addresses': m0024,
  '0025_analytics': m0025,
  '0026_traceability': m0026,
  '0027_conference_tracks': m0027,
  '0028_cfp': m0028,
  '0029_programme': m0029,
  '0030_charity_description_en': m0030,
};
