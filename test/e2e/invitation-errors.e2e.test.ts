/**
 * Bad input in real Chromium: a damaged invitation code is refused in plain words next to the
 * field, and nothing is lost: the code stays as typed, the delegation stays on the Join screen
 * with its negotiations untouched, and the page throws nothing.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Conference, type Delegation } from './support/conference.js';

let conference: Conference;
let kiribati: Delegation;

beforeAll(async () => {
  conference = await Conference.open([{ name: 'Kiribati', named: true }]);
  kiribati = conference.get('Kiribati');
}, 120_000);

afterAll(async () => {
  await conference?.close();
});

/** The code with one character changed (the checksum must catch it). */
function damaged(code: string): string {
  const at = Math.floor(code.length / 2);
  const swapped = code[at] === 'A' ? 'B' : 'A';
  return code.slice(0, at) + swapped + code.slice(at + 1);
}

it('a damaged invitation code shows a plain error and loses nothing', { timeout: 60_000 }, async () => {
  const { page, api } = kiribati;
  const negotiation = (await api.must('negotiations.create', { title: 'Albatross Agreement', parties: [] })).id;
  const code = damaged((await api.must('invitations.create', { negotiation })).code);

  await page.getByRole('heading', { name: 'Your negotiations' }).waitFor();
  await page.getByRole('button', { name: 'Join with a code' }).click();
  const field = page.getByLabel('Invitation code');
  await field.fill(code);
  await page.getByRole('button', { name: 'Join', exact: true }).click();

  const alert = page.getByRole('alert');
  await alert.waitFor();
  expect(await alert.innerText()).toMatch(/^This code cannot be used: it is damaged, incomplete or expired\./);
  expect(await field.inputValue()).toBe(code);
  expect(await page.getByRole('button', { name: 'Join', exact: true }).isEnabled()).toBe(true);

  // Nothing joined, nothing lost: the node holds the one negotiation it had.
  expect((await api.must('negotiations.list', {})).map((n) => n.id)).toEqual([negotiation]);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('button', { name: 'Albatross Agreement' }).waitFor();
  conference.assertNoPageErrors();
});
