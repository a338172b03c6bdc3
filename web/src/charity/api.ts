import { call, carnival, type Schemas as S } from '../api/typed';

/** The charity module's answers, as the server's OpenAPI document names them (docs/charity.md). */
export type Donation = S['Donation'];
export type CharityBadge = S['CharityBadge'];
export type CharityLineBadge = S['CharityLineBadge'];
export type ProjectPage = S['CharityProjectPage'];
export type ProjectSummary = S['CharityProjectSummary'];
export type DonationReceipt = S['DonationReceipt'];

/** A charity text in the page's language: the English twin when there is one, else the Chinese. */
export function localText(zh: boolean, text: string, textEn: string | undefined): string {
  return zh || !textEn?.trim() ? text : textEn;
}

/** The fallback's language, so screen readers (and the i18n walk) know the Chinese text is Chinese. */
export function langOf(zh: boolean, textEn: string | undefined): { lang?: string } {
  return zh || textEn?.trim() ? {} : { lang: 'zh-CN' };
}

export const charityApi = {
  myDonations: () => call(carnival.GET('/api/me/donations')),
  receipt: (id: string) => call(carnival.GET('/api/me/donations/{id}/receipt', { params: { path: { id } } })),
  project: (id: string) => call(carnival.GET('/api/charity/projects/{id}', { params: { path: { id } } })),
  projects: () => call(carnival.GET('/api/charity/projects')).then((r) => r.items),
  badges: (skuIds: string[]) =>
    skuIds.length === 0
      ? Promise.resolve([] as CharityBadge[])
      : call(carnival.GET('/api/charity/items', { params: { query: { skuIds: skuIds.join(',') } } })).then(
          (r) => r.items,
        ),
  orderLines: (id: string) =>
    call(carnival.GET('/api/orders/{id}/charity', { params: { path: { id } } })).then((r) => r.items),
  /** The CSV's address, for a plain download link. */
  disclosureCsvUrl: (id: string) => `/api/charity/projects/${encodeURIComponent(id)}/disclosure.csv`,
};

/** Traceability (docs/traceability.md): the public trace behind a QR code, and its verification. */
export type Trace = S['Trace'];
export type TraceVerification = S['TraceVerification'];
export type GreenPoints = S['GreenPoints'];
export type GreenChoice = S['GreenChoice'];
export type StoreOrigin = S['StoreOrigin'];

export const traceApi = {
  trace: (code: string) => call(carnival.GET('/api/trace/{code}', { params: { path: { code } } })),
  verify: (code: string) =>
    call(carnival.GET('/api/trace/{code}/verification', { params: { path: { code } } })),
  /** A provenance event's offline receipt, for a plain download link. */
  receiptUrl: (index: number) => `/api/transparency/provenance/entries/${index}/receipt`,
};

/** Farm stores' origins (产地), keyed by store: the 助农 tags of the venue. */
export const originsApi = {
  farmStores: () =>
    call(carnival.GET('/api/store-origins')).then(
      (r) => new Map(r.items.filter((o) => o.farm).map((o) => [o.storeId, o] as const)),
    ),
};

export const greenApi = {
  mine: () => call(carnival.GET('/api/me/green')),
  choices: () => call(carnival.GET('/api/green/choices')).then((r) => r.items),
};

export type Charity = S['Charity'];
export interface CharityDraft {
  nameZh: string;
  nameEn: string;
  creditCode: string;
  publicFundraising: boolean;
  contact: { name: string; phone: string; email: string };
  bankAccount: string;
}
export interface ProjectDraft {
  charityId: string;
  titleZh: string;
  titleEn: string;
  description: string;
  /** English twins: '' = the English pages show the Chinese text. */
  descriptionEn: string;
  /** Fen. */
  targetAmount: number;
  beneficiaries: string;
  beneficiariesEn: string;
  region: string;
  regionEn: string;
  startsOn: string;
  endsOn: string;
}
const id = (value: string) => ({ params: { path: { id: value } } });
const idem = (key: string) => ({ headers: { 'Idempotency-Key': key } });

/** The operators' console: charities, projects, progress updates, disbursements (all audited). */
export const charityAdminApi = {
  charities: () => call(carnival.GET('/api/admin/charities')).then((r) => r.items),
  register: (key: string, body: CharityDraft) =>
    call(carnival.POST('/api/admin/charities', { body, ...idem(key) })).then((r) => r.charity),
  verify: (charityId: string, decision: 'verify' | 'reject', reason: string) =>
    call(
      carnival.POST('/api/admin/charities/{id}/verification', {
        ...id(charityId),
        body: { decision, reason },
      }),
    ).then((r) => r.charity),
  createProject: (key: string, body: ProjectDraft) =>
    call(carnival.POST('/api/admin/charity-projects', { body, ...idem(key) })).then((r) => r.project),
  setStatus: (projectId: string, status: 'draft' | 'fundraising' | 'closed', reason: string) =>
    call(
      carnival.POST('/api/admin/charity-projects/{id}/status', {
        ...id(projectId),
        body: { status, reason },
      }),
    ).then((r) => r.project),
  addUpdate: (key: string, projectId: string, body: string, bodyEn: string, photoUrls: string[]) =>
    call(
      carnival.POST('/api/admin/charity-projects/{id}/updates', {
        ...id(projectId),
        body: { body, bodyEn, photoUrls },
        ...idem(key),
      }),
    ).then((r) => r.update),
  disburse: (
    key: string,
    projectId: string,
    body: { amount: number; purpose: string; purposeEn: string; reason: string },
  ) =>
    call(
      carnival.POST('/api/admin/charity-projects/{id}/disbursements', {
        ...id(projectId),
        body,
        ...idem(key),
      }),
    ).then((r) => r.disbursement),
};
