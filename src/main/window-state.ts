/**
 * The main window's bounds across runs, in `<userData>/window-state.json`. What is read back is
 * sanitized against the displays of this run: a window saved on a monitor since unplugged, or a
 * hand-edited file, must still open on screen and at a usable size.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface Rectangle {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface WindowState {
  /** Absent x and y: let the OS place (centre) the window. */
  readonly x?: number;
  readonly y?: number;
  readonly width: number;
  readonly height: number;
  readonly maximized: boolean;
}

export const DEFAULT_SIZE = { width: 1280, height: 860 } as const;
export const MIN_SIZE = { width: 720, height: 480 } as const;
/** How much of the window's top strip (the title bar) must be on a display to be reachable. */
const GRIP = { width: 100, height: 30 } as const;
const LIMIT = 100_000;

const coordinate = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= LIMIT ? Math.round(value) : undefined;

const overlap = (a: Rectangle, b: Rectangle): { width: number; height: number } => ({
  width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
  height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
});

/**
 * A usable state from whatever was stored, given this run's work areas (the first is the primary
 * display's). Sizes are clamped between MIN_SIZE and the largest display; a position is kept only
 * when the window's title bar lands on a display, else the OS centres the window.
 */
export function sanitizeWindowState(raw: unknown, workAreas: readonly Rectangle[]): WindowState {
  const stored = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const largest = workAreas.reduce((a, b) => ({ width: Math.max(a.width, b.width), height: Math.max(a.height, b.height) }), { width: 0, height: 0 });
  const fit = (value: number | undefined, preferred: number, min: number, max: number): number => {
    const upper = max > 0 ? Math.max(min, max) : Number.MAX_SAFE_INTEGER;
    return Math.min(Math.max(value ?? Math.min(preferred, upper), min), upper);
  };
  const width = fit(coordinate(stored.width), DEFAULT_SIZE.width, MIN_SIZE.width, largest.width);
  const height = fit(coordinate(stored.height), DEFAULT_SIZE.height, MIN_SIZE.height, largest.height);
  const maximized = stored.maximized === true;
  const x = coordinate(stored.x);
  const y = coordinate(stored.y);
  if (x === undefined || y === undefined) return { width, height, maximized };
  const titleBar: Rectangle = { x, y, width, height: GRIP.height };
  const home = workAreas.find((area) => {
    const o = overlap(titleBar, area);
    // The title bar's top must be inside the display too: a window above it cannot be grabbed.
    return o.width >= Math.min(GRIP.width, width) && o.height >= GRIP.height && y >= area.y;
  });
  if (home === undefined) return { width, height, maximized };
  return { x, y, width: Math.min(width, Math.max(home.width, MIN_SIZE.width)), height: Math.min(height, Math.max(home.height, MIN_SIZE.height)), maximized };
}

export async function loadWindowState(path: string, workAreas: readonly Rectangle[]): Promise<WindowState> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch {
    raw = undefined; // none yet, or unreadable: the defaults
  }
  return sanitizeWindowState(raw, workAreas);
}

/** Write then rename: a crash while saving leaves the previous state, never half a file. */
export async function saveWindowState(path: string, state: WindowState): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.tmp`;
  await writeFile(temporary, `${JSON.stringify(state)}\n`);
  await rename(temporary, path);
}
