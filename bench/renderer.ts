/**
 * The renderer, in real Chromium: input-to-paint while typing in a 100-page treaty (1,000
 * paragraphs, ~400,000 characters) with two remote delegations typing too, beside a bare
 * CodeMirror 6 editor holding the same text with nobody else and nothing behind it.
 *
 * - Three DelegationNodes in this process on one MemoryHub (bench/renderer/conference.ts); the
 *   convenor's node is served by a Bridge with the UI built for production (renderer/app-build.ts:
 *   never dist/renderer, which the end-to-end tests build with React's development bundle), and a
 *   page opens the room's Draft tab from its address (#token=), as a reload in the room would.
 * - The page clicks into Article 50, paragraph 5, and types one key at a time (page.keyboard,
 *   RENDERER_CADENCE_MS apart) while one remote delegation types in the same paragraph and another
 *   two paragraphs below (on screen), each ~10 keystrokes/s through its own node.
 * - The same typing with nobody else typing, to tell the page's own cost from the remotes'.
 * - The baseline page is clicked at the same place and typed into the same way.
 * - Per keystroke, in the page: keydown timeStamp → the frame that shows it (bench/renderer/page-probe.ts).
 * - Also: navigation start → the draft rendered (every paragraph in the DOM and a frame painted) vs
 *   the bare editor's load, and the page's JS heap after GC (CDP) for both.
 *
 * RENDERER_KEYS (default 320 measured, after 20 warm-up), RENDERER_CADENCE_MS (default 70),
 * RENDERER_UI (a directory holding an already built UI, e.g. another commit's, to compare).
 */
import type { Browser, Page } from 'playwright-core';
import { ROOT } from '../test/e2e/support/build.js';
import { launchChromium } from '../test/e2e/support/chromium.js';
import { cpus, loadavg } from 'node:os';
import { fmt, type Row } from './harness.js';
import { buildAppUi } from './renderer/app-build.js';
import { serveBaseline } from './renderer/baseline-page.js';
import { convene, must, paragraphId, type Conference } from './renderer/conference.js';
import { PROBE_SCRIPT, armProbe, heapAfterGc, paintedWhen, probeState } from './renderer/page-probe.js';
import { RemoteTypist } from './renderer/remote-typist.js';

const KEYS = Number(process.env.RENDERER_KEYS ?? 320);
const WARMUP = 20;
const CADENCE_MS = Number(process.env.RENDERER_CADENCE_MS ?? 70);
const VIEWPORT = { width: 1280, height: 800 } as const;
const LOAD_TIMEOUT_MS = 60_000;
/** The paragraph the page types in, in the middle of the treaty; the other remote types in ARTICLE.OTHER. */
const ARTICLE = 50;
const PARAGRAPH = 5;
const OTHER = 7;
const GOAL_P95_MS = 16;

/** What the page types: lower-case words and spaces (Enter would add a paragraph); each run its own. */
const PAGE_WORDS = {
  baseline: 'the high contracting parties agree to consult one another in good faith ',
  alone: 'each party shall notify the depositary of its consent in writing ',
  together: 'the high contracting parties agree to consult one another in good faith ',
} as const;
const typedText = (words: string, n: number): string => words.repeat(Math.ceil(n / words.length)).slice(0, n);

interface Typing {
  readonly samples: number[];
  readonly longTasks: number[];
}

interface PageRun {
  readonly loadMs: number;
  readonly heapAfterLoad: number;
  readonly heapAfterTyping: number;
  readonly typing: Typing;
  readonly pageErrors: string[];
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Types `text` one key at a time, a cadence apart; the probe is armed after the warm-up keys. */
async function typeMeasured(page: Page, text: string): Promise<Typing> {
  for (const [i, char] of [...text].entries()) {
    if (i === WARMUP) await armProbe(page, true);
    const started = performance.now();
    await page.keyboard.type(char);
    await sleep(Math.max(0, CADENCE_MS - (performance.now() - started)));
  }
  const measured = text.length - WARMUP;
  const deadline = Date.now() + 5000;
  let state = await probeState(page);
  while (state.samples.length < measured && Date.now() < deadline) {
    await sleep(20);
    state = await probeState(page);
  }
  await armProbe(page, false);
  if (state.samples.length !== measured) throw new Error(`${state.samples.length} of ${measured} keystrokes were painted`);
  return state;
}

async function newPage(browser: Browser, initScripts: string[]): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  for (const script of [PROBE_SCRIPT, ...initScripts]) await page.addInitScript(script);
  return { page, errors, close: () => context.close() };
}

async function runBaseline(browser: Browser, url: string): Promise<PageRun> {
  const { page, errors, close } = await newPage(browser, []);
  try {
    await page.goto(url, { waitUntil: 'commit' });
    const loadMs = await paintedWhen(page, `window.baselineEditor !== undefined && document.querySelector('.cm-line') !== null`, LOAD_TIMEOUT_MS);
    const heapAfterLoad = await heapAfterGc(page);
    await page.evaluate(`window.baselineEditor.placeCaret(${ARTICLE}, ${PARAGRAPH})`);
    await paintedWhen(page, 'true', 1000); // the scroll is done in CodeMirror's next measure
    const point = (await page.evaluate('window.baselineEditor.caretPoint()')) as { x: number; y: number } | null;
    if (point === null) throw new Error('the baseline editor has no caret on screen');
    await page.mouse.click(point.x, point.y);
    await page.locator('.cm-content:focus').waitFor();
    const typing = await typeMeasured(page, typedText(PAGE_WORDS.baseline, WARMUP + KEYS));
    const heapAfterTyping = await heapAfterGc(page);
    return { loadMs, heapAfterLoad, heapAfterTyping, typing, pageErrors: errors };
  } finally {
    await close();
  }
}

/** The draft in the page; with `together`, the two remote delegations type meanwhile. */
async function runOurs(browser: Browser, conference: Conference, together: boolean): Promise<PageRun & { remoteKeystrokes: number }> {
  const { negotiation, host, remotes } = conference;
  const route = JSON.stringify({ screen: 'room', negotiation });
  const { page, errors, close } = await newPage(browser, [`sessionStorage.setItem('plenary.route', ${JSON.stringify(route)})`]);
  const here = paragraphId(ARTICLE, PARAGRAPH);
  const typists = together
    ? [
        new RemoteTypist(remotes[0], negotiation, here, 'borduria reserves its position on this clause '),
        new RemoteTypist(remotes[1], negotiation, paragraphId(ARTICLE, OTHER), 'carpathia proposes alternative wording here '),
      ]
    : [];
  try {
    await page.goto(conference.ui, { waitUntil: 'commit' });
    const loadMs = await paintedWhen(
      page,
      `document.querySelectorAll('[data-paragraph-id]').length === ${conference.paragraphs} && document.querySelector('.draft-status.phase-open') !== null`,
      LOAD_TIMEOUT_MS,
    );
    const heapAfterLoad = await heapAfterGc(page);
    const label = `Article ${ARTICLE}, paragraph ${PARAGRAPH}`;
    await page.getByRole('textbox', { name: label, exact: true }).click();
    await page.locator(`.cm-content[aria-label="${label}"]:focus`).waitFor();

    for (const t of typists) t.start();
    await sleep(1000); // the remote keystrokes are flowing into the page before we measure
    const text = typedText(together ? PAGE_WORDS.together : PAGE_WORDS.alone, WARMUP + KEYS);
    const typing = await typeMeasured(page, text);
    await Promise.all(typists.map((t) => t.stop()));
    for (const t of typists) if (t.failures.length > 0) throw new Error(`a remote delegation's typing failed: ${t.failures[0]}`);

    // The words went both ways: the page's reached its node, the remotes' reached the page.
    const deadline = Date.now() + 10_000;
    const arrived = async (): Promise<boolean> => {
      const canonical = (await must(host, 'draft.canonical', { negotiation })).text;
      const shown = await page.locator(`.cm-content[aria-label="${label}"]`).textContent();
      const other = await page.locator(`[data-paragraph-id="${paragraphId(ARTICLE, OTHER)}"] .reading`).textContent();
      const remote = typists.length === 0 || ((shown ?? '').startsWith(typists[0]!.typed) && (other ?? '').startsWith(typists[1]!.typed));
      return canonical.includes(text) && (shown ?? '').includes(text) && remote;
    };
    while (!(await arrived())) {
      if (Date.now() > deadline) throw new Error('the typed words did not converge between the page and the nodes within 10 s');
      await sleep(50);
    }
    const heapAfterTyping = await heapAfterGc(page);
    return { loadMs, heapAfterLoad, heapAfterTyping, typing, pageErrors: errors, remoteKeystrokes: typists.reduce((n, t) => n + t.typed.length, 0) };
  } finally {
    await Promise.all(typists.map((t) => t.stop()));
    await close();
  }
}

interface Spread {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

function spread(samples: readonly number[]): Spread {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted[sorted.length - 1] ?? NaN };
}

const ms1 = (v: number): string => `${v.toFixed(1)} ms`;
const show = (s: Spread): string => `p50 ${ms1(s.p50)} · p95 ${ms1(s.p95)} · p99 ${ms1(s.p99)} · max ${ms1(s.max)}`;
const over = (samples: readonly number[], limit: number): number => samples.filter((s) => s > limit).length;
const longTasks = (t: Typing): string =>
  t.longTasks.length === 0 ? 'no long task' : `${t.longTasks.length} long tasks (longest ${ms1(Math.max(...t.longTasks))})`;

export async function benchRenderer(): Promise<Row[]> {
  process.stderr.write('  renderer: building the app (production) and the baseline page, convening three delegations, building the treaty...\n');
  const app = process.env.RENDERER_UI === undefined ? await buildAppUi(ROOT) : { dir: process.env.RENDERER_UI, close: () => Promise.resolve() };
  const [conference, baseline] = await Promise.all([convene(app.dir), serveBaseline()]);
  let browser: Browser | undefined;
  const load: number[] = [];
  try {
    browser = await launchChromium();
    process.stderr.write('  renderer: bare CodeMirror baseline...\n');
    const bare = await runBaseline(browser, baseline.url);
    load.push(loadavg()[0]!);
    process.stderr.write('  renderer: the draft, nobody else typing...\n');
    const alone = await runOurs(browser, conference, false);
    load.push(loadavg()[0]!);
    process.stderr.write('  renderer: the draft with two remote delegations typing...\n');
    const ours = await runOurs(browser, conference, true);
    load.push(loadavg()[0]!);
    const o = spread(ours.typing.samples);
    const a = spread(alone.typing.samples);
    const b = spread(bare.typing.samples);
    const treaty = `${conference.paragraphs.toLocaleString('en-US')} paragraphs, ${conference.characters.toLocaleString('en-US')} characters`;
    const errors = [...bare.pageErrors, ...alone.pageErrors, ...ours.pageErrors];
    const method = `${KEYS} keys ${CADENCE_MS} ms apart after ${WARMUP} warm-up, keydown → the frame painted after it`;
    const machine = `load average ${load.map((l) => l.toFixed(1)).join(', ')} on ${cpus().length} cores after each run (other work on the machine shows in the tails)`;
    return [
      {
        bench: `renderer input-to-paint, typing in a 100-page treaty (${treaty}) while 2 remote delegations type ~10 keys/s each (one in the same paragraph)`,
        ours: show(o),
        baseline: show(b),
        ratio: `${(o.p95 / b.p95).toFixed(2)}x at p95`,
        note:
          `goal p95 < ${GOAL_P95_MS} ms: ${o.p95 < GOAL_P95_MS ? 'met' : 'NOT met'}; ${method}; over one frame (16.7 ms): ours ${over(ours.typing.samples, 16.7)}, bare ${over(bare.typing.samples, 16.7)}; ` +
          `ours ${longTasks(ours.typing)}, bare ${longTasks(bare.typing)}; ${ours.remoteKeystrokes} remote keystrokes arrived meanwhile; ` +
          `baseline: bare CodeMirror 6 holding the same text, no Yjs, no node, nobody else typing; ${machine}` +
          (errors.length > 0 ? `; page errors: ${errors.slice(0, 3).join(' | ')}` : ''),
      },
      {
        bench: 'renderer input-to-paint, the same treaty, nobody else typing',
        ours: show(a),
        baseline: show(b),
        ratio: `${(a.p95 / b.p95).toFixed(2)}x at p95`,
        note: `goal p95 < ${GOAL_P95_MS} ms: ${a.p95 < GOAL_P95_MS ? 'met' : 'NOT met'}; over one frame: ${over(alone.typing.samples, 16.7)}; ${longTasks(alone.typing)}; the page's own typing only (Yjs, the sync channel to its node, React)`,
      },
      {
        bench: 'renderer: open the room on the 100-page treaty, navigation → draft rendered (every paragraph in the DOM, a frame painted)',
        ours: `${fmt.ms(alone.loadMs)} (again: ${fmt.ms(ours.loadMs)})`,
        baseline: fmt.ms(bare.loadMs),
        ratio: fmt.ratio(Math.min(alone.loadMs, ours.loadMs), bare.loadMs),
        note: 'ours: bundle, bridge WebSocket, sync.open (the whole Y.Doc as one update), 1,000 paragraph blocks (off-screen articles skip layout: content-visibility); baseline: bare CodeMirror with the text in its bundle',
      },
      {
        bench: 'renderer: page JS heap after GC, room open / after typing with the remotes',
        ours: `${fmt.bytes(ours.heapAfterLoad)} / ${fmt.bytes(ours.heapAfterTyping)}`,
        baseline: `${fmt.bytes(bare.heapAfterLoad)} / ${fmt.bytes(bare.heapAfterTyping)}`,
        ratio: fmt.ratio(ours.heapAfterLoad, bare.heapAfterLoad),
        note: 'CDP Runtime.getHeapUsage after two HeapProfiler.collectGarbage; ours holds the Y.Doc (gc: false, every keystroke kept), the React tree and the stores',
      },
    ];
  } finally {
    await browser?.close();
    await Promise.all([conference.close(), baseline.close(), app.close()]);
  }
}
