import { useEffect } from 'react';
import { RouterProvider } from 'react-router-dom';
import { SessionProvider } from '../auth/session';
import { I18nProvider } from './i18n';
import { router } from './router';
// antd's styles as one static, cached stylesheet (the theme runs with zeroRuntime: no CSS-in-JS
// at render time); our own rules come after it and win at equal specificity.
import 'antd/dist/antd.css';
import './global.css';

export function App() {
  // The app runs: on a page the server drew, the drawn buttons and links now answer (until then
  // they are HTML only). Browser tests and bench:agenda wait for it before they click.
  useEffect(() => {
    document.documentElement.dataset.app = 'ready';
  }, []);
  return (
    <I18nProvider>
      <SessionProvider>
        <RouterProvider router={router} />
      </SessionProvider>
    </I18nProvider>
  );
}
