/** The "Keyboard shortcuts" dialog, opened with '?' anywhere outside a text field. */
import { Fragment } from 'react';
import { Dialog } from '../screens/common/Dialog.js';
import { SHORTCUTS } from './shortcuts.js';

export function ShortcutsDialog({ open, onClose }: { readonly open: boolean; readonly onClose: () => void }) {
  return (
    <Dialog open={open} title="Keyboard shortcuts" onClose={onClose} className="shortcuts-dialog">
      {SHORTCUTS.map((group) => (
        <Fragment key={group.area}>
          <h3>{group.area}</h3>
          <dl className="shortcuts">
            {group.shortcuts.map((s) => (
              <div key={s.keys}>
                <dt>
                  <kbd>{s.keys}</kbd>
                </dt>
                <dd>{s.does}</dd>
              </div>
            ))}
          </dl>
        </Fragment>
      ))}
      <div className="actions">
        <button type="button" onClick={onClose} autoFocus>
          Close
        </button>
      </div>
    </Dialog>
  );
}
