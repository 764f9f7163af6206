/**
 * What a delegate does in the UI, one step at a time, by the controls' visible names and labels
 * (as a person or a screen reader finds them). Each step waits for the screen it leads to, so a
 * scenario reads as the story it tells.
 */
import type { Locator, Page } from 'playwright-core';

/** Slow steps: an admission or an adoption crosses three nodes (gossip, catch-up). */
export const NETWORK_TIMEOUT_MS = 45_000;

export async function nameDelegation(page: Page, name: string): Promise<void> {
  await page.getByLabel('Name of your delegation').fill(name);
  await page.getByRole('button', { name: 'Create delegation' }).click();
  await page.getByRole('heading', { name: `Welcome, ${name}` }).waitFor();
}

/** The fingerprint the first-run screen shows (to be read aloud to the other delegations). */
export async function shownFingerprint(page: Page): Promise<string> {
  return (await page.getByLabel('Fingerprint', { exact: true }).innerText()).trim();
}

export async function continueHome(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Continue to your negotiations' }).click();
  await page.getByRole('heading', { name: 'Your negotiations' }).waitFor();
}

export async function goHome(page: Page): Promise<void> {
  await page.getByRole('button', { name: '← Your negotiations' }).click();
  await page.getByRole('heading', { name: 'Your negotiations' }).waitFor();
}

/** Opens the Convene screen and fills the title; the rules stay at their default, consensus. */
export async function startConvening(page: Page, title: string): Promise<void> {
  await page.getByRole('button', { name: 'Convene a negotiation' }).click();
  await page.getByLabel('Title of the negotiation').fill(title);
}

export async function convene(page: Page, title: string): Promise<void> {
  await page.getByRole('button', { name: 'Convene the negotiation' }).click();
  await roomHeading(page, title).waitFor();
}

export const roomHeading = (page: Page, title: string): Locator => page.getByRole('heading', { level: 1, name: title });

export type RoomTabName = 'Draft' | 'Adoption' | 'Treaty' | 'History' | 'Ledger' | 'Delegations';

export async function openTab(page: Page, name: RoomTabName): Promise<Locator> {
  await page.getByRole('tab', { name, exact: true }).click();
  const panel = page.getByRole('tabpanel', { name, exact: true });
  await panel.waitFor();
  return panel;
}

/** A fresh invitation code, read from the Delegations tab. */
export async function inviteCode(page: Page): Promise<string> {
  const panel = await openTab(page, 'Delegations');
  const before = await codeOnScreen(panel);
  await panel.getByRole('button', { name: before === null ? 'Invite a delegation' : 'Create another code' }).click();
  const field = panel.getByRole('textbox', { name: 'Invitation code' });
  await field.waitFor();
  await page.waitForFunction(
    ([el, old]) => (el as HTMLTextAreaElement).value !== '' && (el as HTMLTextAreaElement).value !== old,
    [await field.elementHandle(), before] as const,
  );
  return field.inputValue();
}

async function codeOnScreen(panel: Locator): Promise<string | null> {
  const field = panel.getByRole('textbox', { name: 'Invitation code' });
  return (await field.count()) === 0 ? null : field.inputValue();
}

/** Home → Join with a code → Join; returns when the node has asked the inviter. */
export async function joinWithCode(page: Page, code: string): Promise<void> {
  await page.getByRole('button', { name: 'Join with a code' }).click();
  await page.getByLabel('Invitation code').fill(code);
  await page.getByRole('button', { name: 'Join', exact: true }).click();
}

/** The card of `name`'s pending admission, in the Delegations tab: who signed, what is still needed. */
export const admissionCard = (page: Page, name: string): Locator =>
  page.getByRole('tabpanel', { name: 'Delegations' }).getByRole('article', { name: new RegExp(`^Admission of ${escape(name)} \\(`) });

/** Approves the pending admission of `name` from the Delegations tab (Approve, then confirm). */
export async function approveAdmission(page: Page, name: string): Promise<void> {
  await openTab(page, 'Delegations');
  await admissionCard(page, name).getByRole('button', { name: new RegExp(`^Approve: Admission of ${escape(name)} `) }).click({ timeout: NETWORK_TIMEOUT_MS });
  await page.getByRole('dialog').getByRole('button', { name: 'Approve this admission' }).click();
  await page.getByRole('dialog').waitFor({ state: 'hidden' });
}

/** Proposes the draft as it stands for adoption, under `label`. */
export async function proposeAdoption(page: Page, label: string): Promise<void> {
  const panel = await openTab(page, 'Adoption');
  await panel.getByLabel('Label of this version').fill(label);
  await panel.getByRole('button', { name: 'Propose this text for adoption' }).click();
  await proposal(page, label).waitFor({ timeout: NETWORK_TIMEOUT_MS });
}

/** The card of the adoption proposal labelled `label`, in the Adoption tab. */
export const proposal = (page: Page, label: string): Locator => page.getByRole('tabpanel', { name: 'Adoption' }).getByRole('article', { name: `Adoption of “${label}”` });

/** Signs the adoption proposal `label` (Sign, then "Sign this text" in the confirmation). */
export async function signAdoption(page: Page, label: string): Promise<void> {
  await openTab(page, 'Adoption');
  await proposal(page, label).getByRole('button', { name: `Sign: Adoption of “${label}”` }).click({ timeout: NETWORK_TIMEOUT_MS });
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Sign this text' }).click();
  await dialog.waitFor({ state: 'hidden' });
}

/** The Adoption tab's "Last decision": "Adopted at height 3 — …" once a block is final. */
export const lastDecision = (page: Page): Locator => page.getByRole('tabpanel', { name: 'Adoption' }).getByRole('region', { name: 'Last decision' });

/** Dismisses the shell's notices, if any (one, or all at once). */
export async function dismissNotices(page: Page): Promise<void> {
  const notices = page.getByRole('region', { name: 'Notices' });
  const all = notices.getByRole('button', { name: 'Dismiss all notices' });
  const one = notices.getByRole('button', { name: /^Dismiss: / });
  if ((await all.count()) > 0) await all.click();
  else if ((await one.count()) > 0) await one.click();
  await one.first().waitFor({ state: 'detached' });
}

export async function toggleTheme(page: Page, to: 'dark' | 'light'): Promise<void> {
  await page.getByRole('button', { name: `Switch to ${to} theme` }).click();
  await page.waitForFunction((theme) => document.documentElement.dataset['theme'] === theme, to);
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
