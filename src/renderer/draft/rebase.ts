/**
 * Edits typed while the renderer had no sync session, carried over to a new one.
 *
 * The node accepts from a session only items written under that session's clientID, and each
 * session has a fresh one; items typed under an earlier session's clientID that never reached
 * the node can no longer be sent as they are. So they are replayed: a scratch document holding
 * the node's state is shown what this document holds beyond it, and the changes Yjs reports
 * (text deltas, inserted entries, map writes, deletions) are made again, as new edits, on a fresh
 * document that holds the node's state and writes under the new clientID. The fresh document
 * then replaces the old one; Yjs merges the replayed edits with everyone else's as it would have
 * merged the originals.
 */
import * as Y from 'yjs';

const ROOTS = [
  ['title', 'text'],
  ['preamble', 'array'],
  ['articles', 'array'],
  ['brackets', 'map'],
  ['comments', 'map'],
] as const;

type RootName = (typeof ROOTS)[number][0];
type PathStep = string | number;

type Change =
  | { readonly root: RootName; readonly path: readonly PathStep[]; readonly kind: 'text'; readonly delta: readonly TextOp[] }
  | { readonly root: RootName; readonly path: readonly PathStep[]; readonly kind: 'array'; readonly delta: readonly ArrayOp[] }
  | { readonly root: RootName; readonly path: readonly PathStep[]; readonly kind: 'map'; readonly writes: readonly (readonly [string, unknown])[] };

interface TextOp {
  readonly insert?: unknown;
  readonly retain?: number;
  readonly delete?: number;
  readonly attributes?: Record<string, unknown>;
}
interface ArrayOp {
  readonly insert?: readonly unknown[];
  readonly retain?: number;
  readonly delete?: number;
}

/** A value to write again: shared types are copied (an integrated type cannot be inserted twice). */
function copy(value: unknown): unknown {
  return value instanceof Y.AbstractType ? value.clone() : value;
}

function newDoc(state: Uint8Array, clientId?: number): Y.Doc {
  const doc = new Y.Doc({ gc: false });
  if (clientId !== undefined) doc.clientID = clientId;
  for (const [name, kind] of ROOTS) (kind === 'text' ? doc.getText(name) : kind === 'array' ? doc.getArray(name) : doc.getMap(name));
  Y.applyUpdate(doc, state, 'node');
  return doc;
}

/**
 * What `local` holds beyond the node's state (`nodeState`, whose state vector is `nodeVector`),
 * among the items written under `ownClients` and all deletions, as the list of changes it makes.
 * Items of other clients that the node lacks are not ours to send and are left out.
 */
export function pendingChanges(local: Y.Doc, nodeState: Uint8Array, nodeVector: Uint8Array, ownClients: ReadonlySet<number>): Change[] {
  // Claim every foreign client as held, so only our own items (and the delete set) are encoded.
  const target = new Map(Y.decodeStateVector(nodeVector));
  for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(local))) {
    if (!ownClients.has(client)) target.set(client, Math.max(clock, target.get(client) ?? 0));
  }
  const missing = Y.encodeStateAsUpdate(local, Y.encodeStateVector(target));
  const scratch = newDoc(nodeState);
  const changes: Change[] = [];
  for (const [root, kind] of ROOTS) {
    const type = kind === 'text' ? scratch.getText(root) : kind === 'array' ? scratch.getArray(root) : scratch.getMap(root);
    // Changes must be read inside the handler: Yjs refuses to compute them afterwards.
    type.observeDeep((events) => {
      for (const event of events) {
        const path = event.path as PathStep[];
        if (event.target instanceof Y.Text) {
          changes.push({ root, path, kind: 'text', delta: event.delta as TextOp[] });
        } else if (event.target instanceof Y.Array) {
          const delta = (event.delta as ArrayOp[]).map((op) => (op.insert !== undefined ? { insert: op.insert.map(copy) } : op));
          changes.push({ root, path, kind: 'array', delta });
        } else if (event.target instanceof Y.Map) {
          const map = event.target as Y.Map<unknown>;
          const writes = [...event.keys.entries()].map(([key, change]) => [key, change.action === 'delete' ? undefined : copy(map.get(key))] as const);
          changes.push({ root, path, kind: 'map', writes });
        }
      }
    });
  }
  Y.applyUpdate(scratch, missing);
  scratch.destroy();
  return changes;
}

function resolve(doc: Y.Doc, root: RootName, path: readonly PathStep[]): unknown {
  const kind = ROOTS.find(([name]) => name === root)![1];
  let at: unknown = kind === 'text' ? doc.getText(root) : kind === 'array' ? doc.getArray(root) : doc.getMap(root);
  for (const step of path) {
    if (typeof step === 'number' && at instanceof Y.Array) at = at.get(step);
    else if (typeof step === 'string' && at instanceof Y.Map) at = at.get(step);
    else return undefined;
  }
  return at;
}

/** Makes `changes` again on `doc`, in one transaction of origin `origin`. Unplaceable ones are dropped. */
export function replayChanges(doc: Y.Doc, changes: readonly Change[], origin: unknown): void {
  doc.transact(() => {
    for (const change of changes) {
      const target = resolve(doc, change.root, change.path);
      if (change.kind === 'text' && target instanceof Y.Text) {
        target.applyDelta(change.delta as TextOp[], { sanitize: false });
      } else if (change.kind === 'array' && target instanceof Y.Array) {
        let at = 0;
        for (const op of change.delta) {
          if (op.retain !== undefined) at += op.retain;
          else if (op.delete !== undefined) target.delete(at, Math.min(op.delete, target.length - at));
          else if (op.insert !== undefined) {
            target.insert(Math.min(at, target.length), op.insert as unknown[]);
            at += op.insert.length;
          }
        }
      } else if (change.kind === 'map' && target instanceof Y.Map) {
        for (const [key, value] of change.writes) {
          if (value === undefined) target.delete(key);
          else target.set(key, value);
        }
      }
    }
  }, origin);
}

/**
 * A fresh document holding the node's state, writing under `clientId`, on which `onLocalUpdate`
 * is called for the replayed edits (to push them), or null when `local` holds nothing the node lacks
 * but deletions (those a plain delete-set update carries: see pushableDeletions).
 */
export function rebase(
  local: Y.Doc,
  opened: { readonly clientId: number; readonly state: Uint8Array; readonly vector: Uint8Array },
  ownClients: ReadonlySet<number>,
  listen: (doc: Y.Doc) => void,
): Y.Doc | null {
  const nodeVector = Y.decodeStateVector(opened.vector);
  const ownMissing = [...ownClients].some((client) => Y.getState(local.store, client) > (nodeVector.get(client) ?? 0));
  if (!ownMissing) return null;
  const changes = pendingChanges(local, opened.state, opened.vector, ownClients);
  const fresh = newDoc(opened.state, opened.clientId);
  listen(fresh);
  if (changes.length > 0) replayChanges(fresh, changes, 'rebase');
  return fresh;
}

/**
 * The local deletions as an update the node can take from any session (a delete set carries no
 * clientID): every deletion this document knows, of items the node holds. Deletions it already
 * has are no-ops there.
 */
export function deletionsUpdate(local: Y.Doc): Uint8Array {
  return Y.encodeStateAsUpdate(local, Y.encodeStateVector(local));
}
