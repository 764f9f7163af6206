/**
 * The Draft tab as a delegate works in it: add an article and a paragraph, type, select words,
 * bracket them, propose an option; and reading back what each page shows, word for word.
 */
import type { Locator, Page } from 'playwright-core';
import { waitForValue } from '../../support/wait.js';
import { NETWORK_TIMEOUT_MS } from './delegate.js';

const draftPanel = (page: Page): Locator => page.getByRole('tabpanel', { name: 'Draft', exact: true });

/** A paragraph's text box, e.g. "Article 1, paragraph 1": the reading, or the live editor while open. */
export const paragraph = (page: Page, label: string): Locator => draftPanel(page).getByRole('textbox', { name: label, exact: true });

/** The words a page shows in a text box: without other parties' caret labels and placeholders. */
export async function shownWords(box: Locator): Promise<string> {
  return box.evaluate((el) => {
    const copy = el.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('.remote-caret, .placeholder, .cm-widgetBuffer').forEach((extra) => extra.remove());
    return copy.textContent ?? '';
  });
}

/** Another party's caret, labelled with its name, in a text box. */
export const remoteCaret = (box: Locator, party: string): Locator => box.locator('.remote-caret').filter({ hasText: party });

/** Where another party's caret stands in a text box, in characters of its shown words; null: none. */
export async function caretOffset(box: Locator, party: string): Promise<number | null> {
  return box.evaluate((el, name) => {
    const caret = Array.from(el.querySelectorAll<HTMLElement>('.remote-caret')).find((c) => c.title === name);
    if (caret === undefined) return null;
    const range = document.createRange();
    range.setStart(el, 0);
    range.setEndBefore(caret);
    const before = range.cloneContents();
    before.querySelectorAll('.remote-caret, .placeholder, .cm-widgetBuffer').forEach((extra) => extra.remove());
    return (before.textContent ?? '').length;
  }, party);
}

/** Waits until the text box shows `expected` on every page; fails showing what each page has. */
export async function waitForWords(what: string, label: string, pages: readonly Page[], expected: string): Promise<void> {
  let last: string[] = [];
  try {
    await waitForValue(
      what,
      async () => {
        last = await Promise.all(pages.map((p) => shownWords(paragraph(p, label))));
        return last.every((t) => t === expected) ? true : undefined;
      },
      { timeoutMs: NETWORK_TIMEOUT_MS, intervalMs: 50 },
    );
  } catch (e) {
    throw new Error(`${(e as Error).message}\nexpected: ${JSON.stringify(expected)}\nshown:    ${last.map((t) => JSON.stringify(t)).join('\n          ')}`);
  }
}

/** Adds an article with its heading (the form under the text), then leaves the heading's editor. */
export async function addArticle(page: Page, heading: string): Promise<void> {
  const panel = draftPanel(page);
  await panel.getByLabel('New article heading').fill(heading);
  await panel.getByRole('button', { name: 'Add article' }).click();
  await panel.getByRole('heading', { name: /^Article \d+$/ }).last().waitFor();
  await page.keyboard.press('Escape');
}

/** Adds a paragraph to an article ("Article 1") and types its words into the editor it opens. */
export async function addParagraph(page: Page, article: string, label: string, words: string): Promise<void> {
  await draftPanel(page).getByRole('button', { name: `Add paragraph to ${article}`, exact: true }).click();
  const box = paragraph(page, label);
  await box.and(page.locator('.cm-content')).waitFor();
  await page.keyboard.type(words);
  await box.filter({ hasText: words }).waitFor();
}

/** Opens the paragraph's editor (a click on its words) and puts the caret at its start or end. */
export async function editParagraph(page: Page, label: string, caret: 'start' | 'end'): Promise<void> {
  const box = paragraph(page, label);
  await box.click();
  await box.and(page.locator('.cm-content')).waitFor();
  await page.keyboard.press(caret === 'start' ? 'Control+Home' : 'Control+End');
}

/** Selects `words` (their first occurrence) in the open editor, with the keyboard. */
export async function selectWords(page: Page, label: string, words: string): Promise<void> {
  const text = await shownWords(paragraph(page, label));
  const at = text.indexOf(words);
  if (at < 0) throw new Error(`"${words}" is not in ${label}: ${text}`);
  await page.keyboard.press('Control+Home');
  for (let i = 0; i < at; i++) await page.keyboard.press('ArrowRight');
  for (let i = 0; i < words.length; i++) await page.keyboard.press('Shift+ArrowRight');
}

/** Brackets the selected words with the paragraph tools' button. */
export async function bracketSelection(page: Page): Promise<void> {
  await draftPanel(page).getByRole('group', { name: 'Paragraph tools' }).getByRole('button', { name: 'Bracket selection' }).click();
}

/** The options of bracket `number` under a paragraph: "Bracket 1: shall". */
export const bracketGroup = (page: Page, number: number, words: string): Locator => draftPanel(page).getByRole('group', { name: `Bracket ${number}: ${words}`, exact: true });

export async function addOption(page: Page, number: number, words: string, option: string): Promise<void> {
  const group = bracketGroup(page, number, words);
  await group.getByLabel(`New option for bracket ${number}`).fill(option);
  await group.getByRole('button', { name: 'Add option' }).click();
  await group.getByText(`Option 2: ${option}`).waitFor({ timeout: NETWORK_TIMEOUT_MS });
}


/** The names tagged beside a paragraph's status (who else is in it), as shown. */
export async function presenceTags(page: Page, label: string): Promise<string[]> {
  const block = draftPanel(page).locator('.paragraph').filter({ has: page.getByRole('textbox', { name: label, exact: true }) });
  return block.locator('.presence-tag').allInnerTexts();
}

/** What a text box's aria-describedby says to a screen reader (its text outside aria-hidden parts). */
export async function describedAs(box: Locator): Promise<string> {
  return box.evaluate((el) => {
    const target = document.getElementById(el.getAttribute('aria-describedby') ?? '');
    if (target === null) return '';
    const walker = document.createTreeWalker(target, NodeFilter.SHOW_TEXT);
    let text = '';
    for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) if (node.parentElement?.closest('[aria-hidden="true"]') === null) text += node.textContent;
    return text;
  });
}

/** The draft's polite live region (arrivals). */
export const arrivals = (page: Page): Locator => draftPanel(page).locator('[aria-live="polite"]');

/**
 * Whether a hovered caret's name label is cut off by an ancestor that clips its painting
 * (content-visibility, containment, overflow): that ancestor's class, or null when it is whole.
 */
export async function clippedBy(label: Locator): Promise<string | null> {
  return label.evaluate((el) => {
    const box = el.getBoundingClientRect();
    if (box.height === 0) return 'not shown';
    for (let up = el.parentElement; up !== null; up = up.parentElement) {
      const style = getComputedStyle(up);
      const clips = style.contentVisibility === 'auto' || /paint|strict|content/.test(style.contain) || style.overflowX !== 'visible' || style.overflowY !== 'visible';
      if (!clips) continue;
      const r = up.getBoundingClientRect();
      const margin = (parseFloat(style.getPropertyValue('overflow-clip-margin')) || 0) + 0.5; // painted that far past the box
      if (box.top < r.top - margin || box.left < r.left - margin || box.bottom > r.bottom + margin || box.right > r.right + margin) return up.className || up.tagName;
    }
    return null;
  });
}

/** How many other parties the room shows online, read at one instant: header, rail and the draft's status line. */
export async function onlineAsShown(page: Page): Promise<{ header: number | null; rail: number; draft: number | null }> {
  return page.evaluate(() => {
    const header = /(\d+) of \d+ other part(?:y|ies) online/.exec(document.querySelector('.room-meta')?.textContent ?? '');
    const rail = Array.from(document.querySelectorAll('nav[aria-label="Parties"] li')).filter((li) => !/\(you\)/.test(li.textContent ?? '') && /online ·/.test(li.textContent ?? '')).length;
    const status = document.querySelector('.draft-status')?.textContent ?? '';
    const live = /Live with (\d+) delegations?/.exec(status);
    const draft = live !== null ? Number(live[1]) : /^Offline/.test(status) ? 0 : null;
    return { header: header === null ? null : Number(header[1]), rail, draft };
  });
}
