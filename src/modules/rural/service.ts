import type { Kysely } from 'kysely';
import type { Actor } from '../../platform/auth';
import type { Clock } from '../../platform/clock';
import { badRequest } from '../../platform/errors';
import type { DB } from '../../schema';
import type { CampaignsService } from '../campaigns';
import type { MerchantsService } from '../merchants';
import { createGreenPoints } from './green';
import { createOrigins } from './origins';
import { harvestFestivalPreset } from './preset';

export interface RuralDeps {
  db: Kysely<DB>;
  clock: Clock;
  merchants: Pick<MerchantsService, 'access'>;
  campaigns: Pick<CampaignsService, 'create'>;
}

/** Rural and green (issue 10 item 7): origin tags, the harvest-festival preset, green points. */
export function createRuralService(deps: RuralDeps) {
  const green = createGreenPoints(deps);
  const origins = createOrigins(deps);

  /** Creates the year's 丰收节 campaign from the preset, as a draft the operator then edits. */
  async function createHarvestFestival(actor: Actor, year: number) {
    if (year < 2018 || year > 2099) throw badRequest('The harvest festival exists from 2018 to 2099', 'year');
    return deps.campaigns.create(actor, harvestFestivalPreset(year));
  }

  return { ...green, ...origins, createHarvestFestival };
}

export type RuralService = ReturnType<typeof createRuralService>;
