/**
 * Integrates an analysed update into the document, item by item, checking each placement
 * against the document as it stands (which by then holds the update's earlier items).
 *
 * All in one Yjs transaction marked remote (local = false), as Y.applyUpdate would, so Yjs
 * resets its index caches and observers see a remote change. If an item's placement is
 * unsound we stop there: the items before it stay (every replica stops at the same item, so
 * they agree), the rest and the delete set are dropped, and the caller spends the envelope.
 */
import * as Y from 'yjs';
import type { CausalClosures } from './causal-closure.js';
import { checkPlacement } from './placement.js';
import type { UpdateAnalysis } from './update-analysis.js';

export type IntegrationResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly detail: string; readonly integrated: number; readonly internal: boolean };

export function integrateUpdate(doc: Y.Doc, closures: CausalClosures, analysis: UpdateAnalysis, origin: unknown): IntegrationResult {
  let failure: IntegrationResult | null = null;
  let integrated = 0;
  try {
    Y.transact(
      doc,
      (transaction) => {
        for (const { item, parentKey } of analysis.items) {
          const parentId = item.parent instanceof Y.ID ? item.parent : null;
          const unsound = checkPlacement(doc, closures, item, parentKey, parentId);
          if (unsound !== null) {
            failure = { ok: false, detail: `item ${item.id.client}:${item.id.clock}: ${unsound}`, integrated, internal: false };
            return;
          }
          if (parentKey !== null) item.parent = doc.get(parentKey);
          // The analysis proved every reference present, so Yjs finds nothing missing.
          if (item.getMissing(transaction, doc.store) !== null) {
            failure = { ok: false, detail: `item ${item.id.client}:${item.id.clock}: dependency missing`, integrated, internal: true };
            return;
          }
          item.integrate(transaction, 0);
          integrated++;
        }
        // Every delete range is within the document's state (checked), so nothing is left pending.
        if (analysis.deleteUpdate !== null) Y.applyUpdate(doc, analysis.deleteUpdate, origin);
      },
      origin,
      false,
    );
  } catch (e) {
    return { ok: false, detail: `Yjs threw: ${e instanceof Error ? e.message : String(e)}`, integrated, internal: true };
  }
  if (failure !== null) return failure;
  if (doc.store.pendingStructs !== null || doc.store.pendingDs !== null) {
    return { ok: false, detail: 'Yjs holds pending structs or deletes', integrated, internal: true };
  }
  return { ok: true };
}
