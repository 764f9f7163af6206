/**
 * The window's bounds as read back: whatever the file holds (hand-edited, from a monitor since
 * unplugged, from another machine), the window opens on screen, reachable, at a usable size.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_SIZE, loadWindowState, MIN_SIZE, sanitizeWindowState, saveWindowState, type Rectangle } from '../../src/main/window-state.js';

const laptop: Rectangle = { x: 0, y: 0, width: 1440, height: 877 };
const monitorRight: Rectangle = { x: 1440, y: -200, width: 2560, height: 1400 };
const displays = [laptop, monitorRight];

describe('sanitizing the stored window state', () => {
  it('keeps a window that is on a display', () => {
    expect(sanitizeWindowState({ x: 100, y: 50, width: 1200, height: 800, maximized: true }, displays)).toEqual({ x: 100, y: 50, width: 1200, height: 800, maximized: true });
    expect(sanitizeWindowState({ x: 1600, y: -150, width: 2000, height: 1200, maximized: false }, displays)).toEqual({ x: 1600, y: -150, width: 2000, height: 1200, maximized: false });
  });

  it.each([
    ['nothing stored', undefined],
    ['not an object', 'big'],
    ['a list', [1, 2, 3, 4]],
    ['sizes of the wrong kind', { width: '1200', height: null }],
    ['sizes that are not finite', { width: Infinity, height: NaN }],
  ])('uses the defaults, centred, for %s', (_, raw) => {
    expect(sanitizeWindowState(raw, displays)).toEqual({ ...DEFAULT_SIZE, maximized: false });
  });

  it('centres a window whose display is gone, or whose title bar is off screen', () => {
    expect(sanitizeWindowState({ x: 5000, y: 100, width: 1000, height: 700 }, [laptop])).toEqual({ width: 1000, height: 700, maximized: false });
    expect(sanitizeWindowState({ x: 100, y: -500, width: 1000, height: 700 }, [laptop])).toEqual({ width: 1000, height: 700, maximized: false });
    // Only a sliver of the title bar on screen: not enough to grab.
    expect(sanitizeWindowState({ x: 1400, y: 100, width: 1000, height: 700 }, [laptop])).toEqual({ width: 1000, height: 700, maximized: false });
    // The title bar is on screen: kept, though the rest hangs off the edge.
    expect(sanitizeWindowState({ x: 1300, y: 100, width: 1000, height: 700 }, [laptop])).toMatchObject({ x: 1300, y: 100 });
  });

  it('clamps sizes between the minimum and the largest display, and rounds', () => {
    expect(sanitizeWindowState({ width: 10, height: -5 }, displays)).toEqual({ ...MIN_SIZE, maximized: false });
    expect(sanitizeWindowState({ width: 90_000, height: 90_000 }, displays)).toEqual({ width: 2560, height: 1400, maximized: false });
    expect(sanitizeWindowState({ width: 1000.4, height: 700.6 }, displays)).toEqual({ width: 1000, height: 701, maximized: false });
    expect(sanitizeWindowState({ width: 1e300, height: 800 }, displays)).toEqual({ width: DEFAULT_SIZE.width, height: 800, maximized: false });
  });

  it('shrinks a positioned window to the display it is on, and the default to a small screen', () => {
    expect(sanitizeWindowState({ x: 10, y: 10, width: 2400, height: 1300 }, displays)).toEqual({ x: 10, y: 10, width: 1440, height: 877, maximized: false });
    expect(sanitizeWindowState(undefined, [{ x: 0, y: 0, width: 1024, height: 600 }])).toEqual({ width: 1024, height: 600, maximized: false });
  });

  it('takes only true as maximized, and works without any display information', () => {
    expect(sanitizeWindowState({ maximized: 'yes' }, displays).maximized).toBe(false);
    expect(sanitizeWindowState({ x: 0, y: 0, width: 900, height: 600 }, [])).toEqual({ width: 900, height: 600, maximized: false });
  });
});

describe('the window state file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'plenary-window-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('saves and loads back, and a damaged file gives the defaults', async () => {
    const path = join(dir, 'nested', 'window-state.json');
    await saveWindowState(path, { x: 20, y: 30, width: 1000, height: 700, maximized: false });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ x: 20, y: 30, width: 1000, height: 700, maximized: false });
    expect(await loadWindowState(path, displays)).toEqual({ x: 20, y: 30, width: 1000, height: 700, maximized: false });
    writeFileSync(path, '{"x": 20, "y":');
    expect(await loadWindowState(path, displays)).toEqual({ ...DEFAULT_SIZE, maximized: false });
    expect(await loadWindowState(join(dir, 'missing.json'), displays)).toEqual({ ...DEFAULT_SIZE, maximized: false });
  });
});
