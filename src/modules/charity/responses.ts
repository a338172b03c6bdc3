import { z } from 'zod';
import { fen, isoInstant, type SameType } from '../../platform/http/api-schemas';
import type { CharityService } from './service';

/**
 * The charity module's answers, registered once by id (the OpenAPI document and the generated
 * client name them). Money is fen; `logIndex`/`leafHash` locate an entry of the `donations`
 * transparency log, from which anyone gets its receipt and proofs.
 */

const charityStatus = z.enum(['pending', 'verified', 'rejected']);
const projectStatus = z.enum(['draft', 'fundraising', 'closed']);
const ruleKind = z.enum(['fixed', 'percent']).describe('fixed: fen per unit; percent: basis points');

export const charitySchema = z
  .object({
    id: z.string(),
    nameZh: z.string(),
    nameEn: z.string(),
    creditCode: z.string().describe('Unified social credit code (GB 32100-2015), check digit verified'),
    publicFundraising: z.boolean().describe('Holds the public-fundraising qualification (公开募捐资格)'),
    contact: z.object({ name: z.string(), phone: z.string(), email: z.string() }),
    bankAccount: z.string(),
    status: charityStatus,
    statusReason: z.string().nullable(),
    verifiedAt: isoInstant().nullable(),
    createdAt: isoInstant(),
  })
  .meta({ id: 'Charity', description: 'A charity organisation (operators’ view)' });

/** What the public pages show of a charity: no contact, no bank account. */
export const charitySummarySchema = z
  .object({
    id: z.string(),
    nameZh: z.string(),
    nameEn: z.string(),
    creditCode: z.string(),
    status: charityStatus,
    publicFundraising: z.boolean(),
  })
  .meta({ id: 'CharitySummary' });

export const charityProjectSchema = z
  .object({
    id: z.string(),
    charityId: z.string(),
    titleZh: z.string(),
    titleEn: z.string(),
    description: z.string(),
    descriptionEn: z.string().describe("'' when not translated: show `description`"),
    targetAmount: fen(),
    beneficiaries: z.string(),
    beneficiariesEn: z.string(),
    region: z.string(),
    regionEn: z.string(),
    startsOn: z.string().describe('YYYY-MM-DD'),
    endsOn: z.string().describe('YYYY-MM-DD'),
    status: projectStatus,
    createdAt: isoInstant(),
  })
  .meta({ id: 'CharityProject' });

export const projectSummarySchema = z
  .object({
    project: charityProjectSchema,
    raised: fen(),
    donors: z.number().int(),
  })
  .meta({ id: 'CharityProjectSummary' });

export const projectUpdateSchema = z
  .object({
    id: z.string(),
    body: z.string(),
    bodyEn: z.string(),
    photoUrls: z.array(z.string()),
    createdAt: isoInstant(),
  })
  .meta({ id: 'CharityProjectUpdate', description: 'A progress update with photos' });

export const disbursementSchema = z
  .object({
    id: z.string(),
    projectId: z.string(),
    charityId: z.string(),
    amount: fen(),
    purpose: z.string(),
    purposeEn: z.string(),
    logIndex: z.number().int(),
    leafHash: z.string(),
    ledgerTxn: z.string(),
    createdAt: isoInstant(),
  })
  .meta({ id: 'CharityDisbursement', description: 'Escrow paid out to the charity, with its purpose' });

export const disclosureQuarterSchema = z
  .object({
    quarter: z.string().describe('Calendar quarter in China time, e.g. 2026-Q4'),
    donated: fen(),
    donations: z.number().int(),
    donors: z.number().int(),
    disbursed: fen(),
    disbursements: z.number().int(),
    escrowAtEnd: fen(),
  })
  .meta({ id: 'CharityDisclosureQuarter' });

export const projectPageSchema = z
  .object({
    project: charityProjectSchema,
    charity: charitySummarySchema,
    raised: fen().describe('Every donation accrued to the project'),
    donations: z.number().int(),
    donors: z.number().int(),
    disbursed: fen(),
    escrow: fen().describe('The project’s escrow in the ledger: raised − disbursed'),
    updates: z.array(projectUpdateSchema),
    disbursements: z.array(disbursementSchema),
    quarters: z.array(disclosureQuarterSchema),
  })
  .meta({ id: 'CharityProjectPage' });

const projectRefSchema = z
  .object({ id: z.string(), titleZh: z.string(), titleEn: z.string() })
  .meta({ id: 'CharityProjectRef' });

export const donationSchema = z
  .object({
    id: z.string(),
    orderId: z.string(),
    lineId: z.string(),
    title: z.string(),
    amount: fen(),
    rule: z.object({ kind: ruleKind, amount: z.number().int() }),
    quantity: z.number().int(),
    project: projectRefSchema,
    logIndex: z.number().int().describe('Index in the `donations` transparency log'),
    leafHash: z.string(),
    createdAt: isoInstant(),
  })
  .meta({ id: 'Donation', description: 'One donation of the buyer’s (爱心足迹)' });

export const charityBadgeSchema = z
  .object({ skuId: z.string(), kind: ruleKind, amount: z.number().int(), project: projectRefSchema })
  .meta({ id: 'CharityBadge', description: 'A SKU is a charity item (公益宝贝): its rule in force' });

export const lineBadgeSchema = z
  .object({
    lineId: z.string(),
    kind: ruleKind,
    amount: z.number().int(),
    donated: fen().nullable().describe('Booked when the line completed; null before'),
    project: projectRefSchema,
  })
  .meta({ id: 'CharityLineBadge' });

export const charityRuleSchema = z
  .object({
    id: z.string(),
    skuId: z.string(),
    storeId: z.string(),
    projectId: z.string(),
    kind: ruleKind,
    amount: z.number().int(),
    createdAt: isoInstant(),
  })
  .meta({ id: 'CharityRule' });

export const donationReceiptSchema = z
  .object({
    format: z.literal('carnival-transparency-receipt/1'),
    log: z.string(),
    index: z.number().int(),
    leafHash: z.string(),
    record: z.object({ base64: z.string(), decoded: z.record(z.string(), z.unknown()) }),
    treeSize: z.number().int(),
    proof: z.array(z.string()),
    checkpoint: z.string().describe('The signed checkpoint note (C2SP tlog-checkpoint)'),
    verifierKey: z.string(),
  })
  .meta({
    id: 'DonationReceipt',
    description: 'Verifies offline: `npx carnival verify receipt.json` (docs/transparency.md)',
  });

// Compile-time: each schema describes exactly what the service returns (JSON drops nothing here).
type Of<K extends keyof CharityService> = Awaited<ReturnType<CharityService[K]>>;
type _Charities = SameType<z.infer<typeof charitySchema>[], Of<'listCharities'>>;
type _Projects = SameType<z.infer<typeof projectSummarySchema>[], Of<'listProjects'>>;
type _ProjectPage = SameType<z.infer<typeof projectPageSchema>, Of<'projectPage'>>;
type _Disclosure = SameType<z.infer<typeof disclosureQuarterSchema>[], Of<'disclosureOf'>>;
type _Donations = SameType<z.infer<typeof donationSchema>[], Of<'donationsOf'>>;
type _Badges = SameType<z.infer<typeof charityBadgeSchema>[], Of<'badgesFor'>>;
type _LineBadges = SameType<z.infer<typeof lineBadgeSchema>[], Of<'lineBadges'>>;
type _Rules = SameType<z.infer<typeof charityRuleSchema>[], Of<'rulesOfStore'>>;
