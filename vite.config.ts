// Builds the renderer (src/renderer) into dist/renderer: served by `plenary serve` in browser
// mode and loaded from disk by the Electron window (hence relative asset paths).
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'src/renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 2048,
  },
});
