import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { preloadInitialLocale } from './app/i18n';

// zh-CN is in the shell and resolves at once; a stored en-US waits for its catalogue's chunk.
void preloadInitialLocale().then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
