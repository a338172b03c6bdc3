import type { AccountTables } from './modules/accounts/tables';
import type { AddressTables } from './modules/addresses/tables';
import type { AnalyticsTables } from './modules/analytics';
import type { CampaignTables } from './modules/campaigns/tables';
import type { CatalogTables } from './modules/catalog/tables';
import type { CfpTables } from './modules/cfp/tables';
import type { CharityTables } from './modules/charity/tables';
import type { CheckinTables } from './modules/checkin/tables';
import type { EnrollmentTables } from './modules/enrollment/tables';
import type { FlashSaleTables } from './modules/flash-sales/tables';
import type { LedgerTables } from './modules/ledger/tables';
import type { MerchantTables } from './modules/merchants/tables';
import type { OrderTables } from './modules/orders/tables';
import type { PaymentTables } from './modules/payments/tables';
import type { ProgrammeTables } from './modules/programme/tables';
import type { PromotionTables } from './modules/promotions/tables';
import type { RuralTables } from './modules/rural/tables';
import type { TicketTables } from './modules/tickets/tables';
import type { TraceabilityTables } from './modules/traceability/tables';
import type { TransparencyTables } from './modules/transparency/tables';
import type { WebhookTables } from './modules/webhooks/tables';
import type { PlatformTables } from './platform/db/tables';
import type { MailTables } from './platform/mail/tables';

/**
 * The whole database as Kysely sees it: each module declares its own tables in its
 * `tables.ts`, and this interface composes them. Add a module's tables here.
 */
export interface DB
  extends PlatformTables,
    AccountTables,
    CampaignTables,
    LedgerTables,
    MerchantTables,
    CatalogTables,
    EnrollmentTables,
    PromotionTables,
    OrderTables,
    PaymentTables,
    FlashSaleTables,
    WebhookTables,
    TransparencyTables,
    TraceabilityTables,
    RuralTables,
    AnalyticsTables,
    CharityTables,
    AddressTables,
    TicketTables,
    MailTables,
    CheckinTables,
    ProgrammeTables,
    CfpTables {}
