/** Rural and green (issue 10 item 7): farm stores' origin tags, the 丰收节 preset, green points. */
export { GREEN_CHOICE_IDS, GREEN_CHOICES, type GreenChoiceId } from './green-model';
export { autumnEquinoxDay, harvestFestivalPreset } from './preset';
export { ruralRoutes } from './routes';
export { createRuralService, type RuralService } from './service';
export type { RuralTables } from './tables';
