/** Where the app is: one screen at a time, kept for the tab's session so a reload comes back to it. */
export type Route =
  | { readonly screen: 'home' }
  | { readonly screen: 'welcome' }
  | { readonly screen: 'convene' }
  | { readonly screen: 'join' }
  | { readonly screen: 'joining'; readonly negotiation: string }
  | { readonly screen: 'room'; readonly negotiation: string };

const KEY = 'plenary.route';
const NEGOTIATION = /^[0-9a-f]{64}$/;

/** A stored route, if it is one (storage is the user's to edit). */
export function parseRoute(text: string | null): Route | null {
  if (text === null) return null;
  try {
    const value = JSON.parse(text) as { screen?: unknown; negotiation?: unknown };
    if (value.screen === 'home' || value.screen === 'convene' || value.screen === 'join') return { screen: value.screen };
    if ((value.screen === 'room' || value.screen === 'joining') && typeof value.negotiation === 'string' && NEGOTIATION.test(value.negotiation)) {
      return { screen: value.screen, negotiation: value.negotiation };
    }
  } catch {
    // not JSON: start at home
  }
  return null;
}

export function savedRoute(): Route {
  try {
    return parseRoute(window.sessionStorage.getItem(KEY)) ?? { screen: 'home' };
  } catch {
    return { screen: 'home' };
  }
}

export function saveRoute(route: Route): void {
  try {
    window.sessionStorage.setItem(KEY, JSON.stringify(route.screen === 'welcome' ? { screen: 'home' } : route));
  } catch {
    // not kept: a reload starts at home
  }
}
