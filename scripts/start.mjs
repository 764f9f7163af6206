#!/usr/bin/env node
// `npm start`: builds what is needed and launches the desktop app where Electron's binary is
// installed. Where it is not, says so in one line and starts browser mode on the same data
// (`plenary serve` with the UI, on the delegation directory the desktop app would open), and
// opens the UI in the default browser when there is a display.
//   PLENARY_DATA=DIR          the app's data directory (see src/main/data-dir.ts)
//   PLENARY_BROWSER_MODE=1    browser mode even where Electron could run
//   PLENARY_SKIP_BUILD=1      use the existing builds (dist/renderer, out/)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const root = fileURLToPath(new URL('..', import.meta.url));

// Find the binary the way the electron package does, without its fallback of downloading it.
function findElectronBinary() {
  try {
    const pkg = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    const pathFile = join(pkg, 'path.txt');
    if (!existsSync(pathFile)) return null;
    const binary = join(pkg, 'dist', readFileSync(pathFile, 'utf8'));
    return existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

/** Runs an npm/vite build quietly; its output is shown only if it fails. */
function build(what, command, args) {
  if (process.env.PLENARY_SKIP_BUILD === '1') return;
  const run = spawnSync(command, args, { cwd: root, encoding: 'utf8', shell: process.platform === 'win32' });
  if (run.status !== 0) {
    process.stderr.write(`${run.stdout ?? ''}${run.stderr ?? ''}`);
    console.error(`npm start: building ${what} failed${run.error ? `: ${run.error.message}` : ''}`);
    process.exit(1);
  }
}

/** Passes Ctrl+C and SIGTERM on, so the node closes its storage before we exit with its code. */
function follow(child) {
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 1));
}

function openInBrowser(url) {
  const graphical = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  if (!graphical) return;
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['rundll32', ['url.dll,FileProtocolHandler', url]] // unlike `cmd /c start`, no shell parses the URL
        : ['xdg-open', [url]];
  const opener = spawn(command, args, { stdio: 'ignore', detached: true });
  opener.on('error', () => {}); // no opener installed: the ui: line above is there to click
  opener.unref();
}

register();
const { appPaths } = await import('../src/main/data-dir.ts');
const paths = appPaths({ platform: process.platform, env: process.env, home: homedir() });
const electronBinary = process.env.PLENARY_BROWSER_MODE === '1' ? null : findElectronBinary();

if (electronBinary !== null) {
  build('the UI', process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build']);
  build('the desktop app', 'npm', ['run', '--silent', 'build:desktop']);
  follow(spawn(electronBinary, [root], { cwd: root, stdio: 'inherit' }));
} else {
  console.log(`Electron cannot run on this machine (no binary); starting browser mode on the same data: ${paths.delegation}`);
  build('the UI', process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build']);
  const serve = spawn(
    process.execPath,
    [join(root, 'src/cli/bin.mjs'), 'serve', '--data', paths.delegation, '--mdns', '--listen', '/ip4/0.0.0.0/tcp/0', '--listen', '/ip4/0.0.0.0/tcp/0/ws'],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let pending = '';
  serve.stdout.setEncoding('utf8');
  serve.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) if (line.startsWith('ui: ')) openInBrowser(line.slice(4).trim());
  });
  follow(serve);
}
