#!/usr/bin/env node
// `npm start`: launch the desktop app where Electron's binary is installed; otherwise say so in
// one line. (Browser mode, the same UI served by a headless node, comes with the node API.)
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

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

const electronBinary = findElectronBinary();
if (electronBinary === null) {
  console.log('Electron is not installed on this machine (its binary download is unavailable); the desktop shell and browser mode are not built yet — run `npm test` or `npm run bench`.');
  process.exit(0);
}
console.log('The desktop shell is not built yet (see the open issues); run `npm test` or `npm run bench`.');
