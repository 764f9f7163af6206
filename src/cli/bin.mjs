#!/usr/bin/env node
// The `plenary` command (package.json "bin"). The CLI is TypeScript, run as is: tsx, installed
// by `npm install` on a clone, compiles it on load, so there is no build step to forget.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('./plenary.ts');
runCli();
