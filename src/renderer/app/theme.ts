/**
 * Light or dark: the system's preference until the delegation picks one, which is then kept in
 * localStorage. The theme is `<html data-theme>`, which base.css reads.
 */
import { useCallback, useEffect, useState } from 'react';

export type Theme = 'light' | 'dark';

const KEY = 'plenary.theme';
const DARK_QUERY = '(prefers-color-scheme: dark)';

function savedTheme(): Theme | null {
  try {
    const saved = window.localStorage.getItem(KEY);
    return saved === 'light' || saved === 'dark' ? saved : null;
  } catch {
    return null; // storage refused (private mode): follow the system
  }
}

const systemTheme = (): Theme => (window.matchMedia?.(DARK_QUERY).matches ? 'dark' : 'light');

export function useTheme(): { theme: Theme; toggle(): void } {
  const [saved, setSaved] = useState<Theme | null>(savedTheme);
  const [system, setSystem] = useState<Theme>(systemTheme);

  useEffect(() => {
    const media = window.matchMedia?.(DARK_QUERY);
    if (media === undefined) return;
    const follow = () => setSystem(media.matches ? 'dark' : 'light');
    media.addEventListener('change', follow);
    return () => media.removeEventListener('change', follow);
  }, []);

  const theme = saved ?? system;
  useEffect(() => {
    document.documentElement.dataset['theme'] = theme;
  }, [theme]);

  const toggle = useCallback(() => {
    const next: Theme = theme === 'dark' ? 'light' : 'dark';
    setSaved(next);
    try {
      window.localStorage.setItem(KEY, next);
    } catch {
      // not kept across sessions; the switch still applies now
    }
  }, [theme]);

  return { theme, toggle };
}
