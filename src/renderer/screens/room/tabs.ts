/** The room's tabs, in order: Alt+1..6 select them. */
export const ROOM_TABS = ['draft', 'adoption', 'treaty', 'history', 'ledger', 'delegations'] as const;
export type RoomTab = (typeof ROOM_TABS)[number];

export const TAB_NAMES: Record<RoomTab, string> = {
  draft: 'Draft',
  adoption: 'Adoption',
  treaty: 'Treaty',
  history: 'History',
  ledger: 'Ledger',
  delegations: 'Delegations',
};

/** The tab an arrow, Home or End key moves to from `current`, or null for other keys. */
export function tabAfterKey(current: RoomTab, key: string): RoomTab | null {
  const i = ROOM_TABS.indexOf(current);
  const last = ROOM_TABS.length - 1;
  const to = key === 'ArrowRight' ? (i + 1) % ROOM_TABS.length : key === 'ArrowLeft' ? (i + last) % ROOM_TABS.length : key === 'Home' ? 0 : key === 'End' ? last : -1;
  return to < 0 ? null : (ROOM_TABS[to] ?? null);
}

/** A window event whose detail is a RoomTab: asks the open room to show that tab. */
export const OPEN_TAB_EVENT = 'plenary:open-tab';
