/**
 * Copies a value (a key, a hash, an invitation code) to the clipboard and says so. Where the
 * clipboard is refused, it says that instead: the value stays selectable on screen.
 */
import { useEffect, useState } from 'react';

export function CopyButton({ value, label, what }: { readonly value: string; readonly label?: string; readonly what: string }) {
  const [said, setSaid] = useState<'copied' | 'refused' | null>(null);
  useEffect(() => {
    if (said === null) return;
    const timer = setTimeout(() => setSaid(null), 2500);
    return () => clearTimeout(timer);
  }, [said]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setSaid('copied');
    } catch {
      setSaid('refused');
    }
  };
  return (
    <span className="copy">
      <button type="button" className="secondary small" onClick={() => void copy()} aria-label={`Copy ${what}`}>
        {label ?? 'Copy'}
      </button>
      <span className="copy-status" role="status">
        {said === 'copied' ? 'Copied' : said === 'refused' ? 'The clipboard is not available: select the text and copy it' : ''}
      </span>
    </span>
  );
}
