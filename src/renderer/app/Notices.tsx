/**
 * The shell's notices: refused peer messages, equivocations and node errors, and a treaty's entry
 * into force, announced politely to screen readers (aria-live) and kept until dismissed.
 */
import { useState } from 'react';
import { useNodeEvent } from './node-context.js';
import { addNotice, noticeOf, type Notice } from './notices.js';

export function Notices({ titleOf }: { readonly titleOf: (negotiation: string) => string | undefined }) {
  const [notices, setNotices] = useState<readonly Notice[]>([]);
  useNodeEvent(
    (event) => {
      const notice = noticeOf(event, titleOf);
      if (notice !== null) setNotices((list) => addNotice(list, notice));
    },
    ['equivocation', 'rejected-message', 'node-error', 'entry-into-force'],
  );
  const dismiss = (key: string) => setNotices((list) => list.filter((n) => n.key !== key));

  return (
    <section className="notices" aria-live="polite" aria-label="Notices">
      {notices.map((n) => (
        <div key={n.key} className={`notice notice-${n.tone}`}>
          <p>
            {n.where !== null && <span className="notice-where">{n.where}: </span>}
            {n.text}
            {n.count > 1 && <span className="notice-count"> (×{n.count})</span>}
          </p>
          <button type="button" className="quiet" onClick={() => dismiss(n.key)} aria-label={`Dismiss: ${n.text}`}>
            Dismiss
          </button>
        </div>
      ))}
      {notices.length > 1 && (
        <button type="button" className="quiet notices-clear" onClick={() => setNotices([])}>
          Dismiss all notices
        </button>
      )}
    </section>
  );
}
