/** Every page in en-US: test/e2e/i18n-walk.ts (the other locale's walk is its own file, run in parallel). */
import { walkEveryPage } from './i18n-walk';

walkEveryPage('en-US');
