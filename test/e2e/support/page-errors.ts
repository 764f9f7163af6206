/**
 * What a page reports as wrong: console errors and uncaught exceptions. A test fails on any it did
 * not expect (`allow` names the few it does, e.g. a stopped node's page losing its socket).
 */
import type { Page } from 'playwright-core';

export class PageErrors {
  readonly seen: string[] = [];
  private readonly allowed: RegExp[] = [];

  constructor(readonly owner: string) {}

  watch(page: Page): void {
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const where = message.location().url;
      this.seen.push(`console error: ${message.text()}${where ? ` (${where})` : ''}`);
    });
    page.on('pageerror', (error) => this.seen.push(`uncaught: ${error.stack ?? error.message}`));
    page.on('crash', () => this.seen.push('the page crashed'));
  }

  /** Errors matching `pattern` are expected (not reported by `unexpected`). */
  allow(pattern: RegExp): void {
    this.allowed.push(pattern);
  }

  unexpected(): string[] {
    return this.seen.filter((e) => !this.allowed.some((p) => p.test(e))).map((e) => `${this.owner}: ${e}`);
  }
}
