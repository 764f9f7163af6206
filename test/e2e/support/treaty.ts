/**
 * What a delegate does in the Treaty tab: an act chosen by its button, the confirmation dialog
 * (what is signed, a date), then the tab saying it is done.
 */
import type { Locator, Page } from 'playwright-core';
import { openTab } from './delegate.js';

export const treatyPanel = (page: Page): Locator => page.getByRole('tabpanel', { name: 'Treaty', exact: true });

/** The parties' table row of `party`. */
export const treatyRow = (page: Page, party: string): Locator => treatyPanel(page).getByRole('table').getByRole('row').filter({ hasText: party });

/**
 * Opens the act `button` in the Treaty tab, lets `fill` complete the dialog, signs with `confirm`,
 * and waits for the tab to say it is done. Returns the text hash the dialog said was signed.
 */
export async function performAct(page: Page, button: string, confirm: string, fill?: (dialog: Locator) => Promise<void>): Promise<string> {
  const panel = await openTab(page, 'Treaty');
  await panel.getByRole('button', { name: button, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: new RegExp(`^${button}: `) });
  await dialog.waitFor();
  const signed = (await dialog.getByLabel('Text hash of the version').innerText()).replace(/\s+/g, '');
  await fill?.(dialog);
  await dialog.getByRole('button', { name: confirm, exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });
  await panel.getByRole('status').filter({ hasText: /^Done: / }).waitFor();
  return signed;
}
