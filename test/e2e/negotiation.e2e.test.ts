/**
 * End to end, in real Chromium: three delegations, each its own `plenary serve` node and browser
 * page, negotiate through the UI alone. They name themselves, convene, invite and admit, draft
 * the same paragraph at once, bracket a phrase with an alternative, adopt the text by consensus,
 * sign, ratify and accede until it enters into force, and then one of them, its peers gone,
 * reviews the diff and the ledger offline. The nodes' API is read only to check what the pages
 * show. Screenshots of the main screens go to docs/screenshots.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Conference, type Delegation } from './support/conference.js';
import {
  admissionCard,
  approveAdmission,
  continueHome,
  convene,
  dismissNotices,
  goHome,
  inviteCode,
  joinWithCode,
  lastDecision,
  nameDelegation,
  NETWORK_TIMEOUT_MS,
  openTab,
  proposal,
  proposeAdoption,
  roomHeading,
  shownFingerprint,
  signAdoption,
  startConvening,
  toggleTheme,
} from './support/delegate.js';
import {
  addArticle,
  addOption,
  addParagraph,
  arrivals,
  bracketGroup,
  bracketSelection,
  caretOffset,
  clippedBy,
  describedAs,
  editParagraph,
  onlineAsShown,
  paragraph,
  presenceTags,
  remoteCaret,
  selectWords,
  waitForWords,
} from './support/draft.js';
import { screenshot } from './support/screenshots.js';
import { performAct, treatyPanel, treatyRow } from './support/treaty.js';
import { waitForValue } from '../support/wait.js';

const TITLE = 'Pacific Albatross Agreement';

let conference: Conference;
let a: Delegation, b: Delegation, c: Delegation;

beforeAll(async () => {
  conference = await Conference.open([{ name: 'Atlantis' }, { name: 'Borduria' }, { name: 'Carpathia' }]);
  [a, b, c] = conference.delegations as [Delegation, Delegation, Delegation];
}, 120_000);

afterAll(async () => {
  await conference?.close();
});

it('three delegations convene, co-draft, bracket, adopt by consensus, and review offline', { timeout: 180_000 }, async () => {
  // First run: each delegation names itself and sees its fingerprint.
  for (const d of [a, b, c]) {
    await nameDelegation(d.page, d.name);
    expect(await shownFingerprint(d.page)).toBe((await d.api.must('identity.get', {})).fingerprint);
  }
  await screenshot(a.page, 'first-run');
  for (const d of [a, b, c]) await continueHome(d.page);

  // Atlantis convenes under consensus (the default rule for every decision).
  await startConvening(a.page, TITLE);
  await screenshot(a.page, 'convene');
  await convene(a.page, TITLE);

  // Borduria joins with a code: the convenor is the only party, its own signature admits.
  await joinWithCode(b.page, await inviteCode(a.page));
  await roomHeading(b.page, TITLE).waitFor({ timeout: NETWORK_TIMEOUT_MS });

  // Carpathia joins: consensus now needs Borduria's approval too, and Borduria's screen says so.
  await joinWithCode(c.page, await inviteCode(a.page));
  await openTab(b.page, 'Delegations');
  const pending = admissionCard(b.page, 'Carpathia');
  await pending.waitFor({ timeout: NETWORK_TIMEOUT_MS });
  await pending.getByText(/^1 more party/).waitFor();
  expect(await pending.getByRole('listitem').allInnerTexts()).toEqual(['Atlantis']);
  await approveAdmission(b.page, 'Carpathia');
  await roomHeading(c.page, TITLE).waitFor({ timeout: NETWORK_TIMEOUT_MS });
  const negotiation = (await a.api.must('negotiations.list', {}))[0]!.id;

  // Atlantis writes the first article; the others see it arrive.
  const P1 = 'Article 1, paragraph 1';
  const first = 'the Parties shall protect albatrosses.';
  for (const d of [a, b, c]) await openTab(d.page, 'Draft');
  // Who is online reads the same in the rail, the header and the draft's status line, whenever looked at.
  for (const d of [a, b, c]) await waitForOnline(d.page, 2);
  await addArticle(a.page, 'Objective');
  await addParagraph(a.page, 'Article 1', P1, first);
  await waitForWords('the first paragraph on every page', P1, [a.page, b.page, c.page], first);

  // Atlantis and Borduria type in the same paragraph at once, keystrokes interleaved: Borduria at
  // its start, Atlantis at its end. Every page ends with both edits, in the same order.
  await editParagraph(b.page, P1, 'start');
  await editParagraph(a.page, P1, 'end');
  const before = 'Recognising their migrations, ';
  const after = ' They shall also protect petrels.';
  for (let i = 0; i < Math.max(before.length, after.length); i++) {
    await Promise.all([b.page.keyboard.type(before[i] ?? ''), a.page.keyboard.type(after[i] ?? '')]);
  }
  const together = `${before}${first}${after}`;
  await waitForWords('the concurrent edits to converge on every page', P1, [a.page, b.page, c.page], together);
  expect(new Set(await Promise.all([a, b, c].map(async (d) => (await d.api.must('draft.canonical', { negotiation })).textHash))).size).toBe(1);

  // Each sees where the others are: carets in the party's colour, named, where each stopped typing.
  await waitForCaret(a.page, P1, 'Borduria', before.length);
  await waitForCaret(b.page, P1, 'Atlantis', together.length);
  await waitForCaret(c.page, P1, 'Borduria', before.length);
  await waitForCaret(c.page, P1, 'Atlantis', together.length);
  // And without hovering a caret: a tag per delegation beside the paragraph's status, a sentence for screen readers.
  expect(await presenceTags(c.page, P1)).toEqual(['Atlantis', 'Borduria']);
  expect(await describedAs(paragraph(c.page, P1))).toBe('Atlantis and Borduria are editing here');

  // Borduria brackets "shall" and proposes "should"; Carpathia sees the bracket and both options.
  await selectWords(b.page, P1, 'shall');
  await bracketSelection(b.page);
  await bracketGroup(b.page, 1, 'shall').waitFor({ timeout: NETWORK_TIMEOUT_MS });
  await addOption(b.page, 1, 'shall', 'should');
  const bracketed = `${before}the Parties [shall] protect albatrosses.${after}`;
  await waitForWords('the bracket on every page', P1, [a.page, b.page, c.page], bracketed);
  await bracketGroup(c.page, 1, 'shall').getByText('Option 2: should').waitFor({ timeout: NETWORK_TIMEOUT_MS });
  for (const d of [a, b, c]) expect((await d.api.must('draft.canonical', { negotiation })).text).toContain('the Parties [shall | should] protect');
  // Borduria's caret back to the paragraph's start; Carpathia points at Atlantis's caret to read whose it is.
  await editParagraph(b.page, P1, 'start');
  await waitForCaret(c.page, P1, 'Borduria', 0);
  await arrivals(c.page).filter({ hasText: 'Borduria is now editing Article 1, paragraph 1.' }).waitFor({ state: 'attached', timeout: NETWORK_TIMEOUT_MS });
  await dismissNotices(c.page);
  const atlantis = remoteCaret(paragraph(c.page, P1), 'Atlantis');
  await atlantis.hover();
  await atlantis.getByText('Atlantis').waitFor();
  // A caret on the first line: its name, above it, is painted whole (not cut by the off-screen containment).
  const borduria = remoteCaret(paragraph(c.page, P1), 'Borduria');
  await borduria.hover();
  await borduria.getByText('Borduria').waitFor();
  expect(await clippedBy(borduria.getByText('Borduria'))).toBeNull();
  await screenshot(c.page, 'room-draft');

  // Adoption by consensus: Atlantis proposes, every party signs, every page sees it adopted.
  await proposeAdoption(a.page, 'First reading');
  await signAdoption(a.page, 'First reading');
  await signAdoption(b.page, 'First reading');
  await openTab(c.page, 'Adoption');
  const card = proposal(c.page, 'First reading');
  await card.getByText(/^1 more party/).waitFor({ timeout: NETWORK_TIMEOUT_MS });
  expect((await card.getByRole('listitem').allInnerTexts()).sort()).toEqual(['Atlantis', 'Borduria']);
  await card.getByText('Still needed').scrollIntoViewIfNeeded();
  await screenshot(c.page, 'adoption');
  await signAdoption(c.page, 'First reading');
  for (const d of [a, b, c]) await lastDecision(d.page).getByText('Adopted at height 3').waitFor({ timeout: NETWORK_TIMEOUT_MS });
  const adopted = await Promise.all([a, b, c].map(async (d) => (await d.api.must('history.versions', { negotiation })).map((v) => v.textHash)));
  expect(adopted[1]).toEqual(adopted[0]);
  expect(adopted[2]).toEqual(adopted[0]);

  // The treaty's life after adoption: Atlantis signs definitively (the dialog shows the adopted
  // text's hash), Borduria signs and ratifies, Carpathia accedes: every party has consented, the
  // default rule (VCLT art. 24) is met, and every page says so and announces it.
  expect(await performAct(a.page, 'Sign definitively', 'Sign definitively')).toBe(adopted[0]![0]);
  await performAct(b.page, 'Sign definitively', 'Sign definitively');
  await performAct(b.page, 'Deposit instrument', 'Deposit the instrument');
  await performAct(a.page, 'Deposit instrument', 'Deposit the instrument', async (dialog) => void (await dialog.getByLabel('Instrument').selectOption('ratification')));
  await openTab(c.page, 'Treaty');
  await treatyPanel(c.page).getByText('Awaiting entry into force: 2 of 3 consents, holding 66.6% of the weight').waitFor({ timeout: NETWORK_TIMEOUT_MS });
  await treatyRow(c.page, 'Borduria').getByText(/^Ratification, /).waitFor();
  await performAct(c.page, 'Deposit instrument', 'Deposit the instrument'); // accession: Carpathia did not sign
  for (const d of [a, b, c]) {
    await treatyPanel(d.page).getByText(/^(In force since|Enters into force on) /).waitFor({ timeout: NETWORK_TIMEOUT_MS });
    // All three consents bear today's date, and among consents of one day the core names the
    // first by party id (random keys here), so the notice may name any of the three.
    await d.page
      .getByRole('region', { name: 'Notices' })
      .getByText(new RegExp(`^The ${TITLE} (enters|entered) into force on .+ by (Atlantis|Borduria|Carpathia)'s (ratification|accession) of `))
      .waitFor({ timeout: NETWORK_TIMEOUT_MS });
  }
  expect((await treatyRow(c.page, 'Carpathia').innerText()).includes('Accession, ')).toBe(true);
  await treatyPanel(c.page).evaluate((panel) => panel.scrollTo(0, 0)); // the status, not the button last pressed
  await screenshot(c.page, 'treaty');
  for (const d of [a, b, c]) await dismissNotices(d.page);

  // Home lists the negotiation where it stands.
  await goHome(a.page);
  const row = a.page.getByRole('row').filter({ has: a.page.getByRole('button', { name: TITLE }) });
  await row.getByText('2 delegations online').waitFor({ timeout: NETWORK_TIMEOUT_MS });
  await screenshot(a.page, 'home');
  await row.getByRole('button', { name: TITLE }).click();
  await roomHeading(a.page, TITLE).waitFor();

  // Borduria and Carpathia leave; Atlantis, alone, drafts on and reviews the record offline.
  const railEntry = (name: string) => a.page.getByRole('navigation', { name: 'Parties' }).getByRole('listitem').filter({ hasText: name });
  for (const name of ['Borduria', 'Carpathia']) await railEntry(name).getByText(/^online ·/).waitFor({ timeout: NETWORK_TIMEOUT_MS });
  await Promise.all([b.stop(), c.stop()]);
  await a.page.getByText('0 of 2 other parties online').waitFor({ timeout: NETWORK_TIMEOUT_MS });
  for (const name of ['Borduria', 'Carpathia']) await railEntry(name).getByText(/^offline ·/).waitFor({ timeout: NETWORK_TIMEOUT_MS });
  await openTab(a.page, 'Draft');
  await a.page.getByRole('status').filter({ hasText: 'Offline: your edits are kept and will merge when others reconnect' }).waitFor({ timeout: NETWORK_TIMEOUT_MS });
  const report = 'Each Party shall report every five years.';
  await addParagraph(a.page, 'Article 1', 'Article 1, paragraph 2', report);
  await a.page.keyboard.press('Escape');
  // The History tab compares with the draft as the node holds it: let the edit be sealed there first.
  await waitForValue('the offline edit sealed by the node', async () => ((await a.api.must('draft.canonical', { negotiation })).text.includes(report) ? true : undefined), { timeoutMs: NETWORK_TIMEOUT_MS });
  const history = await openTab(a.page, 'History');
  const summary = history.getByRole('status').filter({ hasText: '“First reading” (height 3) → the current draft' });
  await summary.waitFor();
  expect(await summary.innerText()).toMatch(/: 0 lines removed, 2 lines added\.$/); // the paragraph and the blank line before it
  await history.locator('ins').filter({ hasText: report }).first().waitFor();
  await screenshot(a.page, 'history-diff');
  // The finer history, offline too: Atlantis's newest step is the paragraph just typed, and what it changed is that paragraph.
  const newestStep = history.getByRole('region', { name: 'Edits' }).getByRole('listitem').first();
  await newestStep.getByText('Article 1, paragraph 2').waitFor();
  await newestStep.getByRole('button', { name: /^Edit \d+: What changed$/ }).click();
  const stepDiff = history.getByRole('status').filter({ hasText: /^Edit \d+ \(\w+\) → edit \d+ \(Atlantis\): \d+ lines? removed, \d+ lines? added\.$/ });
  await stepDiff.waitFor();
  await history.locator('ins').filter({ hasText: report }).first().waitFor();

  // The ledger, checked by Atlantis's own node: three blocks, each verified, with 1 + 2 + 3 verified signatures.
  const ledger = await openTab(a.page, 'Ledger');
  const blocks = ledger.getByRole('listitem').filter({ has: a.page.getByRole('table') });
  await blocks.first().waitFor();
  expect(await blocks.count()).toBe(3);
  const adoption = blocks.filter({ hasText: 'Adopted “First reading”' });
  expect(await adoption.getByRole('row').filter({ hasText: '✓ verified' }).allInnerTexts()).toHaveLength(3);
  expect(await ledger.getByText('✓ verified', { exact: true }).count()).toBe(3 + 1 + 2 + 3);
  expect(await ledger.getByText(/✗/).count()).toBe(0);
  await screenshot(a.page, 'ledger');

  await openTab(a.page, 'Draft');
  await toggleTheme(a.page, 'dark');
  await screenshot(a.page, 'room-dark');

  conference.assertNoPageErrors();
});

/**
 * Waits until the room on `page` shows `count` other parties online; at every look, its rail, its
 * header and its draft's status line (once it says) agree.
 */
async function waitForOnline(page: Page, count: number): Promise<void> {
  const disagreements: string[] = [];
  await waitForValue(
    `${count} other parties online, alike in rail, header and draft`,
    async () => {
      const shown = await onlineAsShown(page);
      if (shown.header !== shown.rail || (shown.draft !== null && shown.draft !== shown.rail)) disagreements.push(JSON.stringify(shown));
      return shown.rail === count && shown.draft === count ? true : undefined;
    },
    { timeoutMs: NETWORK_TIMEOUT_MS, intervalMs: 20 },
  );
  expect(disagreements).toEqual([]);
}

/** Waits until `page` shows `party`'s caret at `offset` in the paragraph `label`. */
async function waitForCaret(page: Page, label: string, party: string, offset: number): Promise<void> {
  await waitForValue(
    `${party}'s caret at ${offset} in ${label}`,
    async () => ((await caretOffset(paragraph(page, label), party)) === offset ? true : undefined),
    { timeoutMs: NETWORK_TIMEOUT_MS, intervalMs: 50 },
  );
}
