/** The call for proposals' public surface (docs/cfp.md): issue 12 items 1–2. */
export { cfpRoutes } from './routes';
export { type CfpDeps, type CfpModule, createCfpModule } from './service';
export type { CfpTables } from './tables';
