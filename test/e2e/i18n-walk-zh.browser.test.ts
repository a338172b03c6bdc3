/** Every page in zh-CN: test/e2e/i18n-walk.ts (the other locale's walk is its own file, run in parallel). */
import { walkEveryPage } from './i18n-walk';

walkEveryPage('zh-CN');
