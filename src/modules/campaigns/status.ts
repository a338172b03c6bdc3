import type { Role } from '../../platform/auth';
import type { CampaignStatus, Phase, WorkflowStatus } from './model';

/** A published event is live inside its window and ended after it; nothing else moves by the clock. */
export function effectiveStatus(
  workflow: WorkflowStatus,
  startsAt: Date,
  endsAt: Date,
  now: Date,
): CampaignStatus {
  if (workflow !== 'published') return workflow;
  if (now >= endsAt) return 'ended';
  if (now >= startsAt) return 'live';
  return 'published';
}

export function currentPhase(phases: readonly Phase[], now: Date): string | null {
  const t = now.getTime();
  const phase = phases.find((p) => Date.parse(p.startsAt) <= t && t < Date.parse(p.endsAt));
  return phase?.key ?? null;
}

export type TransitionTarget = 'draft' | 'in_review' | 'published' | 'archived';

interface TransitionRule {
  from: CampaignStatus[];
  to: TransitionTarget;
  /** Who may: 'owner' is the organizer who created the event. */
  by: (Role | 'owner')[];
  reasonRequired: boolean;
}

/**
 * The workflow, in one table. Reading it top to bottom is reading the policy:
 * organizers propose, operators decide, the clock makes published events live and ended.
 */
export const TRANSITIONS: readonly TransitionRule[] = [
  { from: ['draft'], to: 'in_review', by: ['owner', 'operator'], reasonRequired: false },
  { from: ['in_review'], to: 'published', by: ['operator'], reasonRequired: false },
  { from: ['in_review'], to: 'draft', by: ['owner', 'operator'], reasonRequired: true },
  { from: ['published'], to: 'draft', by: ['operator'], reasonRequired: true },
  { from: ['published', 'live'], to: 'archived', by: ['operator'], reasonRequired: true },
  { from: ['ended'], to: 'archived', by: ['operator'], reasonRequired: false },
  { from: ['archived'], to: 'draft', by: ['operator'], reasonRequired: true },
];

export type TransitionCheck =
  | { ok: true; reasonRequired: boolean }
  | { ok: false; why: 'FOLLOWS_CLOCK' | 'NOT_FROM_HERE' | 'ROLE' };

export function checkTransition(
  from: CampaignStatus,
  to: CampaignStatus,
  actor: { role: Role; isOwner: boolean },
): TransitionCheck {
  if (to === 'live' || to === 'ended') return { ok: false, why: 'FOLLOWS_CLOCK' };
  const rule = TRANSITIONS.find((r) => r.to === to && r.from.includes(from));
  if (!rule) return { ok: false, why: 'NOT_FROM_HERE' };
  const allowed = rule.by.includes(actor.role) || (actor.isOwner && rule.by.includes('owner'));
  if (!allowed) return { ok: false, why: 'ROLE' };
  return { ok: true, reasonRequired: rule.reasonRequired };
}

/** Which statuses let the owner (not only an operator) still edit the content. */
export const OWNER_EDITABLE: readonly CampaignStatus[] = ['draft', 'in_review'];
