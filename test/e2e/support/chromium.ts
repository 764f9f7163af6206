/**
 * Debian's Chromium, driven by playwright-core (which bundles no browser: never `playwright
 * install`). One browser per test file; each delegation gets its own context (own storage, own
 * focus), as separate app windows would be.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Launches Chromium; fails (never skips) when it is not installed: CI installs it in .ci/run. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`the end-to-end tests need Chromium at ${CHROMIUM}: install it with \`apt-get install -y chromium\` (.ci/run does)`);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}
