#!/usr/bin/env node
// `npm start`: launch the desktop app where Electron's binary is installed; otherwise say so in
// one line. (Browser mode, the same UI served by a headless node, comes with the node API.)
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let electronBinary = null;
try {
  const path = require('electron'); // the package exports the binary's path
  if (typeof path === 'string' && existsSync(path)) electronBinary = path;
} catch {
  electronBinary = null;
}

if (electronBinary === null) {
  console.log('Electron is not installed on this machine (its binary download is unavailable); the desktop shell and browser mode are not built yet — run `npm test` or `npm run bench`.');
  process.exit(0);
}
console.log('The desktop shell is not built yet (see the open issues); run `npm test` or `npm run bench`.');
