/** classic-level / LevelDB failures mapped to StoreError codes, with the store's path. */
import { StoreError } from './errors.js';

interface LevelError {
  code?: unknown;
  cause?: unknown;
  message?: unknown;
}

function levelCode(e: unknown): string | undefined {
  const code = (e as LevelError | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The most specific LevelDB code in an error and its causes (open failures nest the reason). */
function innermostCode(e: unknown): string | undefined {
  let found: string | undefined;
  for (let cur: unknown = e, depth = 0; cur !== undefined && cur !== null && depth < 5; depth++) {
    found = levelCode(cur) ?? found;
    cur = (cur as LevelError).cause;
  }
  return found;
}

function messageOf(e: unknown): string {
  const parts: string[] = [];
  for (let cur: unknown = e, depth = 0; cur instanceof Error && depth < 5; depth++) {
    parts.push(cur.message);
    cur = cur.cause;
  }
  return parts.join(': ') || String(e);
}

export function mapLevelError(e: unknown, path: string): StoreError {
  if (e instanceof StoreError) return e;
  const code = innermostCode(e);
  const message = messageOf(e);
  switch (code) {
    case 'LEVEL_CORRUPTION':
      return new StoreError('corrupt', `LevelDB reports corruption: ${message}`, { path, cause: e });
    case 'LEVEL_LOCKED':
      return new StoreError('locked', 'the store is open in another process or instance', { path, cause: e });
    case 'LEVEL_DATABASE_NOT_OPEN':
    case 'LEVEL_ITERATOR_NOT_OPEN':
    case 'LEVEL_BATCH_NOT_OPEN':
      return new StoreError('closed', `the store is closed: ${message}`, { path, cause: e });
    default:
      return new StoreError('io', `LevelDB failed: ${message}`, { path, cause: e });
  }
}

/** Runs a LevelDB operation, mapping any failure. */
export async function guarded<T>(path: string, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (e) {
    throw mapLevelError(e, path);
  }
}
