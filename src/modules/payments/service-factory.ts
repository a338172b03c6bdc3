import type { Kysely } from 'kysely';
import { type Clock, systemClock } from '../../platform/clock';
import type { Logger } from '../../platform/logger';
import type { DB } from '../../schema';
import type { Ledger } from '../ledger';
import { grantDemoCredit } from './demo-credit';
import { createSandboxGateway } from './sandbox/gateway';
import { createTopUps } from './service';

export interface PaymentsDeps {
  db: Kysely<DB>;
  clock?: Clock;
  ledger: Ledger;
  /** CARNIVAL_SANDBOX_SECRET; when absent the sandbox generates one and keeps it in the database. */
  sandboxSecret?: string;
  /** POST /api/wallet/demo-credit exists only when this is true (demo seed on AND CARNIVAL_DEMO_CREDIT). */
  demoCreditEnabled?: boolean;
  /** CARNIVAL_PUBLIC_URL when configured; otherwise the server sets the URL it listens on. */
  publicUrl?: string;
  logger?: Logger;
  onEventsRecorded?: () => void;
}

/** The payments module: the sandbox gateway, top-ups through it, and the demo credit. */
export function createPayments(deps: PaymentsDeps) {
  const clock = deps.clock ?? systemClock;
  // Browser-facing URLs (the hosted page, the way back) stay paths on the origin the customer
  // uses unless a public URL is configured: an absolute 127.0.0.1 would lose a localhost session.
  const publicUrl = deps.publicUrl?.replace(/\/$/, '') ?? '';
  let listenUrl = '';
  const baseUrl = () => publicUrl;
  const sandbox = createSandboxGateway({
    db: deps.db,
    clock,
    configuredSecret: deps.sandboxSecret,
    baseUrl,
    deliveryBaseUrl: () => publicUrl || listenUrl,
  });
  const topUps = createTopUps({
    db: deps.db,
    clock,
    ledger: deps.ledger,
    gateway: sandbox,
    baseUrl,
    logger: deps.logger,
    onEventsRecorded: deps.onEventsRecorded,
  });
  return {
    sandbox,
    topUps,
    demoCreditEnabled: deps.demoCreditEnabled === true,
    demoCredit: (input: Parameters<typeof grantDemoCredit>[1]) =>
      grantDemoCredit({ db: deps.db, clock, ledger: deps.ledger }, input),
    /** Called by the server once it listens: where notifications to a path are delivered. */
    setListenUrl(url: string) {
      listenUrl = url.replace(/\/$/, '');
    },
  };
}

export type Payments = ReturnType<typeof createPayments>;
