import type { Actor } from '../../platform/auth';
import type { Campaign } from './model';

/** What the public hub shows of an event: everything but who inside the platform owns it. */
export type PublicCampaign = Omit<Campaign, 'ownerId'>;

/**
 * Owner ids are internal: they let a visitor enumerate organizers' accounts and tie events to
 * people. Only staff who may manage the event (operators, its owning organizer) see them.
 */
export function publicCampaign<T extends { ownerId: string }>(campaign: T): Omit<T, 'ownerId'> {
  const { ownerId: _owner, ...rest } = campaign;
  return rest;
}

export function isCampaignStaff(actor: Actor | null, campaign: Campaign): boolean {
  if (!actor) return false;
  return actor.role === 'operator' || (actor.role === 'organizer' && actor.userId === campaign.ownerId);
}

export function campaignFor(actor: Actor | null, campaign: Campaign): Campaign | PublicCampaign {
  return isCampaignStaff(actor, campaign) ? campaign : publicCampaign(campaign);
}
