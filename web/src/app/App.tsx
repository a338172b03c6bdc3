import { RouterProvider } from 'react-router-dom';
import { SessionProvider } from '../auth/session';
import { I18nProvider } from './i18n';
import { router } from './router';
import './global.css';

export function App() {
  return (
    <I18nProvider>
      <SessionProvider>
        <RouterProvider router={router} />
      </SessionProvider>
    </I18nProvider>
  );
}
