/**
 * A conference for end-to-end tests: N delegations, each a real `plenary serve` process (its own
 * data directory, bridge and libp2p node on loopback) and a browser page on the UI that node
 * serves, all in one Chromium (a context per delegation). `close()` ends everything, also after
 * a failure; `Delegation.stop()` takes one delegation away (page closed, node stopped), so its
 * peers see it gone.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { HttpClient } from '../../node/bridge-client.js';
import { run, type Run } from '../../node/serve-process.js';
import { waitForValue } from '../../support/wait.js';
import { ensureUiBuilt } from './build.js';
import { launchChromium } from './chromium.js';
import { PageErrors } from './page-errors.js';

export const VIEWPORT = { width: 1280, height: 800 } as const;
/** Playwright's default wait for every action and locator of a page. */
const ACTION_TIMEOUT_MS = 30_000;

export interface DelegationOptions {
  /** Shown in failures; also the delegation's name when `named`. */
  readonly name: string;
  /** Named at start (`serve --name`); otherwise the UI's first run names it. Default false. */
  readonly named?: boolean;
}

export class Delegation {
  private running = true;

  constructor(
    readonly name: string,
    readonly dataDir: string,
    private readonly process: Run,
    /** The UI's address, with the token in its fragment, as `plenary serve` prints it. */
    readonly ui: string,
    /** The node's API, for the test's own checks (the UI is what the test drives). */
    readonly api: HttpClient,
    readonly context: BrowserContext,
    readonly page: Page,
    readonly errors: PageErrors,
  ) {}

  get isRunning(): boolean {
    return this.running;
  }

  /** Closes this delegation's page, then stops its node cleanly (SIGTERM, exit code 0). */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    await this.context.close();
    this.process.child.kill('SIGTERM');
    const code = await this.process.exited();
    if (code !== 0) throw new Error(`${this.name}'s node exited with code ${code}: ${this.process.stderr.slice(-5).join(' | ')}`);
  }

  /** Ends everything at once, never throwing (the conference's clean-up). */
  async kill(): Promise<void> {
    this.running = false;
    await this.context.close().catch(() => undefined);
    if (this.process.child.exitCode !== null) return;
    this.process.child.kill('SIGKILL');
    await this.process.exited().catch(() => undefined);
  }
}

async function startNode(dataDir: string, options: DelegationOptions) {
  const proc = run(['serve', '--data', dataDir, ...(options.named === true ? ['--name', options.name] : [])]);
  const line = (prefix: string) => proc.stdout.find((l) => l.startsWith(prefix))?.slice(prefix.length);
  const lines = await waitForValue(
    `${options.name}'s node to print its url, token and ui lines`,
    () => {
      if (proc.child.exitCode !== null) throw new Error(`exited with ${proc.child.exitCode}: ${proc.stderr.join(' | ')}`);
      const [url, token, ui] = [line('url: '), line('token: '), line('ui: ')];
      return url !== undefined && token !== undefined && ui !== undefined ? { url, token, ui } : undefined;
    },
    { timeoutMs: 30_000, intervalMs: 20 },
  );
  return { proc, ...lines };
}

export class Conference {
  private constructor(
    readonly browser: Browser,
    readonly delegations: Delegation[],
    private readonly dirs: string[],
  ) {}

  /** Builds the UI if needed, launches Chromium, starts the delegations' nodes and opens their pages. */
  static async open(options: readonly DelegationOptions[]): Promise<Conference> {
    await ensureUiBuilt();
    const browser = await launchChromium();
    const conference = new Conference(browser, [], []);
    try {
      const started = await Promise.all(
        options.map(async (o) => {
          const dir = mkdtempSync(join(tmpdir(), `plenary-e2e-${o.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-`));
          conference.dirs.push(dir);
          return { o, dir, node: await startNode(dir, o) };
        }),
      );
      for (const { o, dir, node } of started) {
        const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
        context.setDefaultTimeout(ACTION_TIMEOUT_MS);
        const page = await context.newPage();
        const errors = new PageErrors(o.name);
        errors.watch(page);
        conference.delegations.push(new Delegation(o.name, dir, node.proc, node.ui, new HttpClient(node.url, node.token), context, page, errors));
        await page.goto(node.ui);
      }
    } catch (e) {
      await conference.close();
      throw e;
    }
    return conference;
  }

  /** The delegation started under that name. */
  get(name: string): Delegation {
    const found = this.delegations.find((d) => d.name === name);
    if (found === undefined) throw new Error(`no delegation ${name}`);
    return found;
  }

  /** Throws listing every page error no test expected. */
  assertNoPageErrors(): void {
    const unexpected = this.delegations.flatMap((d) => d.errors.unexpected());
    if (unexpected.length > 0) throw new Error(`unexpected errors in the pages:\n${unexpected.join('\n')}`);
  }

  /** Ends every page, node and the browser; removes the data directories. Never throws. */
  async close(): Promise<void> {
    await Promise.allSettled(this.delegations.map((d) => d.kill()));
    await this.browser.close().catch(() => undefined);
    for (const dir of this.dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  }
}
