/** A benchmark row: our figure beside its bare baseline, measured in the same run. */
export interface Row {
  readonly bench: string;
  readonly ours: string;
  readonly baseline: string;
  readonly ratio?: string;
  readonly note?: string;
}

export function timed<T>(fn: () => T): { value: T; ms: number } {
  const start = process.hrtime.bigint();
  const value = fn();
  return { value, ms: Number(process.hrtime.bigint() - start) / 1e6 };
}

export async function timedAsync<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = process.hrtime.bigint();
  const value = await fn();
  return { value, ms: Number(process.hrtime.bigint() - start) / 1e6 };
}

/** Polls `condition` every 5 ms until it holds; throws naming `what` after `timeoutMs`. */
export async function waitUntil(what: string, condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Operations per second over at least `minMs` of repeated calls. */
export function opsPerSecond(fn: (i: number) => void, minMs = 400): number {
  let n = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < minMs) {
    for (let k = 0; k < 64; k++) fn(n++);
    elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  }
  return (n / elapsed) * 1000;
}

/** JS heap plus the buffers it holds, after full collections (npm run bench passes --expose-gc). */
export function memoryInUse(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

export const fmt = {
  ms: (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 2 : 0)} ms`),
  rate: (perSecond: number, unit: string) => `${Math.round(perSecond).toLocaleString('en-US')} ${unit}/s`,
  bytes: (n: number) => (n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MiB` : n >= 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${n} B`),
  ratio: (ours: number, baseline: number) => `${(ours / baseline).toFixed(2)}x`,
};

export function printTable(rows: readonly Row[]): string {
  const header = '| benchmark | ours | baseline | ratio | note |\n|---|---|---|---|---|';
  const lines = rows.map((r) => `| ${r.bench} | ${r.ours} | ${r.baseline} | ${r.ratio ?? ''} | ${r.note ?? ''} |`);
  return [header, ...lines].join('\n');
}
