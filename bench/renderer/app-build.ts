/**
 * The app's UI as the bench measures it: a production build (vite, mode production, React's
 * production bundle) in a temporary directory. Not dist/renderer: the end-to-end tests build that
 * from inside vitest, whose NODE_ENV=test gives React's development bundle (several times slower,
 * and StrictMode renders twice), and the bench would measure whichever was built last.
 */
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';

export interface AppUi {
  readonly dir: string;
  close(): Promise<void>;
}

export async function buildAppUi(root: string): Promise<AppUi> {
  const dir = mkdtempSync(join(tmpdir(), 'plenary-bench-ui-'));
  const env = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: join(root, 'vite.config.ts'),
      root: join(root, 'src/renderer'),
      mode: 'production',
      logLevel: 'warn',
      build: { outDir: dir, emptyOutDir: true, sourcemap: false },
    });
  } finally {
    if (env === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = env;
  }
  return { dir, close: () => rm(dir, { recursive: true, force: true }) };
}
