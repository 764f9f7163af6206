/**
 * The keyboard shortcuts the app answers, listed once: the dialog shows this list, and the
 * handlers read their keys from the same place.
 */
import { ROOM_TABS, TAB_NAMES } from '../screens/room/tabs.js';

export interface Shortcut {
  readonly keys: string;
  readonly does: string;
}

export const SHORTCUTS: readonly { readonly area: string; readonly shortcuts: readonly Shortcut[] }[] = [
  {
    area: 'Anywhere',
    shortcuts: [
      { keys: '?', does: 'Show this list of keyboard shortcuts' },
      { keys: 'Alt+Shift+L', does: 'Switch between light and dark themes' },
      { keys: 'Escape', does: 'Close a dialog' },
    ],
  },
  {
    area: 'In a negotiation',
    shortcuts: [
      // The room's tabs in their order: Alt+N is the Nth, as Room answers it.
      ...ROOM_TABS.map((tab, i) => ({ keys: `Alt+${i + 1}`, does: TAB_NAMES[tab] })),
      { keys: '← →', does: 'Move between tabs when a tab has focus' },
    ],
  },
];

/** Whether a key press belongs to a text field (so '?' types a question mark there). */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  const type = (target as HTMLInputElement).type;
  return !['button', 'checkbox', 'radio', 'submit', 'reset'].includes(type);
}

/** Alt+digit as a tab index (0-based), or null. Reads `code`, since Alt changes `key` on macOS. */
export function altDigit(event: Pick<KeyboardEvent, 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'code'>, count: number): number | null {
  if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return null;
  const match = /^(?:Digit|Numpad)([1-9])$/.exec(event.code);
  if (match === null) return null;
  const index = Number(match[1]) - 1;
  return index < count ? index : null;
}
