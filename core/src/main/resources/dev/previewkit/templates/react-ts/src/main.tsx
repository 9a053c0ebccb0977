import { StrictMode, type ComponentType } from 'react';
import { createRoot } from 'react-dom/client';
import * as AppModule from './App';
import './index.css';

// Generated apps export App as the default export or by name; use whichever is there.
const exported = AppModule as Record<string, unknown>;
const App = (exported.default ?? exported.App) as ComponentType;

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
