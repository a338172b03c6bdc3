import enUSAntd from 'antd/es/locale/en_US';
import 'dayjs/locale/en';
import type { Catalogue } from './catalogues';
import { enUS } from './en-US';

/** Loaded on demand by catalogues.ts: its own chunk, not part of the shell. */
export const enUSCatalogue: Catalogue = { messages: enUS, antd: enUSAntd, dayjs: 'en' };
