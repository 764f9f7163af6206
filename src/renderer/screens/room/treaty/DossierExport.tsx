/**
 * The dossier: the node writes it (export.dossier: charter, blocks, acts, evidence, in one
 * canonical file), the page saves its bytes as `<title>-<height>.plenary`, and says how anyone
 * checks it with no network and no trust in this app.
 */
import { useState } from 'react';
import { useNode } from '../../../app/node-context.js';
import { useAction } from '../../../app/use-query.js';
import { ErrorText } from '../../common/ErrorText.js';
import { Hash } from '../../common/Hash.js';
import { plural } from '../../common/format.js';
import { bytesFromBase64, dossierFileName, sizeInWords } from './dossier-file.js';

type Phase = { readonly kind: 'idle' } | { readonly kind: 'working'; readonly step: string } | { readonly kind: 'saved'; readonly words: string; readonly hash: string } | { readonly kind: 'failed'; readonly words: string };

export function DossierExport({ negotiation, title, height }: { readonly negotiation: string; readonly title: string; readonly height: number }) {
  const client = useNode();
  const exporter = useAction(() => client.call('export.dossier', { negotiation }));
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });

  const exportDossier = async () => {
    setPhase({ kind: 'working', step: 'Your node is writing the dossier…' });
    const result = await exporter.run();
    if (!result.ok) {
      setPhase({ kind: 'idle' });
      return;
    }
    setPhase({ kind: 'working', step: `Saving ${sizeInWords(result.value.size)}…` });
    const bytes = bytesFromBase64(result.value.bytes);
    if (bytes === null || bytes.length !== result.value.size) {
      setPhase({ kind: 'failed', words: 'The node sent a dossier this page could not read back; nothing was saved. Try again.' });
      return;
    }
    const name = dossierFileName(title, height);
    const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    const v = result.value;
    setPhase({
      kind: 'saved',
      hash: v.hash,
      words: `Saved ${name}: ${sizeInWords(v.size)}, ${plural(v.blocks, 'block', 'blocks')}, ${plural(v.acts, 'act', 'acts')}, ${plural(v.evidence, 'piece', 'pieces')} of evidence.`,
    });
  };

  return (
    <section className="treaty-dossier" aria-labelledby="treaty-dossier-head">
      <div className="page-head">
        <h3 id="treaty-dossier-head">Dossier</h3>
        <button type="button" className="secondary" onClick={() => void exportDossier()} disabled={phase.kind === 'working'}>
          Export dossier
        </button>
      </div>
      <p className="muted">
        One file with the charter, every adopted version, every act and all evidence, signed by the parties. Anyone — a parliament, a court, a
        journalist — checks it offline, without trusting any delegation's app: <code>plenary verify FILE</code> checks every hash, signature and
        rule, and prints the treaty's state.
      </p>
      {phase.kind === 'working' && (
        <p className="progress-line" role="status">
          <progress aria-label="Exporting the dossier" /> {phase.step}
        </p>
      )}
      {phase.kind === 'saved' && (
        <div role="status">
          <p className="ok-text">{phase.words}</p>
          <p className="hash-line small">
            <span className="hash-label">Dossier hash</span> <Hash value={phase.hash} what="dossier hash" />
          </p>
        </div>
      )}
      {phase.kind === 'failed' && (
        <p className="error" role="alert">
          {phase.words}
        </p>
      )}
      <ErrorText error={exporter.error} prefix="The dossier was not exported:" />
    </section>
  );
}
