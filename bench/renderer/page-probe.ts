/**
 * What the renderer bench runs inside the page, as plain script text (functions would be
 * serialized after tsx's transform, which may add helpers the page does not have).
 *
 * Input-to-paint: each keydown's event.timeStamp to the frame that shows it: a requestAnimationFrame
 * callback registered in the keydown runs before the next frame's paint, and a MessageChannel
 * message posted from it is delivered right after that paint. Registered on window in the capture
 * phase from an init script, so it sees every key before the app does. Long tasks (> 50 ms) are
 * collected while armed, to say where a slow frame came from.
 */
import type { Page } from 'playwright-core';

export const PROBE_SCRIPT = `(() => {
  const probe = { armed: false, samples: [], longTasks: [] };
  window.__inputProbe = probe;
  window.addEventListener('keydown', (event) => {
    if (!probe.armed) return;
    const start = event.timeStamp;
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => probe.samples.push(performance.now() - start);
      channel.port2.postMessage(null);
    });
  }, true);
  new PerformanceObserver((list) => {
    if (probe.armed) for (const entry of list.getEntries()) probe.longTasks.push(entry.duration);
  }).observe({ type: 'longtask' });
})();`;

interface ProbeState {
  readonly samples: number[];
  readonly longTasks: number[];
}

export async function armProbe(page: Page, armed: boolean): Promise<void> {
  await page.evaluate(`window.__inputProbe.armed = ${armed}`);
}

export async function probeState(page: Page): Promise<ProbeState> {
  return (await page.evaluate('({ samples: window.__inputProbe.samples.slice(), longTasks: window.__inputProbe.longTasks.slice() })')) as ProbeState;
}

/**
 * Milliseconds from the start of the page's navigation until `condition` (a JS expression) holds
 * and a frame showing it has been painted; polled once per frame.
 */
export async function paintedWhen(page: Page, condition: string, timeoutMs: number): Promise<number> {
  const result = await page.evaluate(`new Promise((resolve) => {
    const deadline = performance.now() + ${timeoutMs};
    const check = () => {
      if (${condition}) {
        requestAnimationFrame(() => {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => resolve(performance.now());
          channel.port2.postMessage(null);
        });
      } else if (performance.now() > deadline) resolve(-1);
      else requestAnimationFrame(check);
    };
    check();
  })`);
  if (typeof result !== 'number' || result < 0) throw new Error(`the page did not get to: ${condition} (within ${timeoutMs} ms)`);
  return result;
}

/** The page's live JS heap after two full collections, in bytes (CDP, exact; performance.memory is bucketed). */
export async function heapAfterGc(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const usage = await cdp.send('Runtime.getHeapUsage');
    return usage.usedSize;
  } finally {
    await cdp.detach();
  }
}
