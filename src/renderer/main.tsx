/**
 * The renderer's entry: picks the transport (Electron IPC when the preload put `window.plenary`
 * there, else the bridge this page was served by) and mounts the app.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { DesktopApi } from '../node/api-desktop.js';
import { App } from './app/App.js';
import { NodeProvider } from './app/node-context.js';
import { connectBridge, tokenFromLocation } from './client/bridge-client.js';
import { connectDesktop } from './client/desktop-client.js';
import './styles/base.css';

declare global {
  interface Window {
    readonly plenary?: DesktopApi;
  }
}

const client = window.plenary !== undefined ? connectDesktop(window.plenary) : connectBridge({ origin: window.location.origin, token: tokenFromLocation(window.location, window.sessionStorage, window.history) });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <NodeProvider value={client}>
      <App />
    </NodeProvider>
  </StrictMode>,
);
