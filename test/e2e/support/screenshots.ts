/** The README's pictures: each main screen at 1280x800, written by the end-to-end run. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT } from './build.js';

const DIR = join(ROOT, 'docs/screenshots');

/** Saves the page as docs/screenshots/<name>.png (no blinking caret, no animation mid-way). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(DIR, { recursive: true });
  await page.screenshot({ path: join(DIR, `${name}.png`), caret: 'hide', animations: 'disabled' });
}
