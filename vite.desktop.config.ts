// Builds the desktop app's Node side into out/ (`npm run build:desktop`): the main process and the
// node's utility process as ES modules (out/main), the preload as one CommonJS file (sandboxed
// preloads cannot load ES modules, nor require anything but 'electron'). Everything from
// node_modules stays external (packaged as is: classic-level is native); our TypeScript is bundled.
// The renderer is built by vite.config.ts into dist/renderer.
import { builtinModules } from 'node:module';
import { defineConfig, type UserConfig } from 'vite';

const NODE_TARGET = 'node22'; // Electron 45's Node

/** Bare imports (packages, node:*, electron) stay imports; relative and absolute ones are bundled. */
const external = (id: string): boolean => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0') && !/^[A-Za-z]:[\\/]/.test(id);

const main: UserConfig = {
  build: {
    ssr: true,
    target: NODE_TARGET,
    outDir: 'out/main',
    emptyOutDir: true,
    sourcemap: true,
    minify: false,
    rollupOptions: {
      input: { index: 'src/main/index.ts', 'node-process': 'src/main/node-process.ts' },
      external,
      output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
    },
  },
  ssr: { target: 'node', noExternal: [] },
};

const preload: UserConfig = {
  build: {
    ssr: true,
    target: NODE_TARGET,
    outDir: 'out/preload',
    emptyOutDir: true,
    sourcemap: true,
    minify: false,
    rollupOptions: {
      input: { index: 'src/preload/index.ts' },
      // Only electron: the sandbox gives the preload no other module.
      external: (id) => id === 'electron' || builtinModules.includes(id),
      output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
    },
  },
  ssr: { target: 'node', noExternal: true },
};

export default defineConfig(({ mode }) => (mode === 'preload' ? preload : main));
