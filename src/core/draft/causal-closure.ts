/**
 * The causal closure of items in a Y.Doc: for an item (client, clock), the least set of items its
 * author must have seen, following references (origin, right origin, named parent) transitively
 * and including the author's own earlier items. Per client it is a prefix of clocks, so a closure
 * is a state vector.
 *
 * Why: Yjs converges only if each inserted item's origin and right origin were neighbours in a
 * state its author really had. A signed but malicious update can name any two items; replicas
 * that integrate it around different concurrent items then order text differently, for good.
 * placement.ts checks the neighbour condition against this closure, which every replica computes
 * identically from the items themselves (never from arrival order or envelope boundaries), so
 * a restored replica gets the same answers as one that saw every envelope.
 *
 * Computed lazily, per client, only as far as a placement check asks. A client's closure only
 * grows with its clock; we keep the clocks where it grew, with what was added (usually one or
 * two entries) and a full copy every SNAPSHOT_EVERY growths. Items never change their
 * references, so nothing is ever invalidated.
 */
import * as Y from 'yjs';

const SNAPSHOT_EVERY = 16;

interface ClientTable {
  /** Clocks below this have been folded in. */
  upTo: number;
  /** The closure of the client's items below upTo (its own prefix implicit). */
  readonly latest: Map<number, number>;
  /** Growth i applies from clock froms[i] (inclusive); ascending. */
  readonly froms: number[];
  /** What growth i raised, to the values it raised them to. */
  readonly deltas: Array<ReadonlyMap<number, number>>;
  /** The whole closure as of growth i, for every i that is a multiple of SNAPSHOT_EVERY. */
  readonly snapshots: Array<ReadonlyMap<number, number>>;
}

type Store = Y.Doc['store'];

/** References an item makes to other clients' items (its own client's earlier items are implicit). */
export function foreignReferences(item: Y.Item, parentId: Y.ID | null): Y.ID[] {
  const refs: Y.ID[] = [];
  const client = item.id.client;
  if (item.origin !== null && item.origin.client !== client) refs.push(item.origin);
  if (item.rightOrigin !== null && item.rightOrigin.client !== client) refs.push(item.rightOrigin);
  if (parentId !== null && parentId.client !== client) refs.push(parentId);
  return refs;
}

/** The parent an integrated item names explicitly (only items with neither origin do). */
function namedParent(item: Y.Item): Y.ID | null {
  if (item.origin !== null || item.rightOrigin !== null) return null;
  const parent = item.parent;
  if (parent instanceof Y.AbstractType && parent._item !== null) return parent._item.id;
  return null;
}

function raise(target: Map<number, number>, client: number, clock: number): boolean {
  if ((target.get(client) ?? 0) >= clock) return false;
  target.set(client, clock);
  return true;
}

export class CausalClosures {
  private readonly tables = new Map<number, ClientTable>();

  constructor(private readonly store: Store) {}

  /** Raises `target` to include the closure of the item `ref` and the item itself. */
  joinInto(target: Map<number, number>, ref: Y.ID): void {
    this.joinAt(target, ref.client, ref.clock);
    raise(target, ref.client, ref.clock + 1);
  }

  /**
   * Raises `target` to include what the author of item (client, clock) must have seen from other
   * clients. The item must be in the document.
   */
  joinAt(target: Map<number, number>, client: number, clock: number): void {
    this.ensure(client, clock);
    const { froms, deltas, snapshots } = this.tables.get(client)!;
    let lo = 0;
    let hi = froms.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (froms[mid]! <= clock) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    if (found < 0) return;
    // Closures only grow, so the last snapshot before `found` raised by the deltas after it is exact.
    const base = found - (found % SNAPSHOT_EVERY);
    for (const [c, k] of snapshots[base / SNAPSHOT_EVERY]!) raise(target, c, k);
    for (let i = base + 1; i <= found; i++) for (const [c, k] of deltas[i]!) raise(target, c, k);
  }

  private table(client: number): ClientTable {
    let t = this.tables.get(client);
    if (t === undefined) {
      t = { upTo: 0, latest: new Map(), froms: [], deltas: [], snapshots: [] };
      this.tables.set(client, t);
    }
    return t;
  }

  /**
   * Folds the client's items up to `clock` into its table. Iterative, with an explicit stack of
   * clients whose next item waits for another client's closure: causality makes that graph
   * acyclic, and a client already on the stack would mean a cycle, which we refuse to chase.
   */
  private ensure(client: number, clock: number): void {
    const stack: Array<{ client: number; clock: number }> = [{ client, clock }];
    const onStack = new Set<number>([client]);
    while (stack.length > 0) {
      const task = stack[stack.length - 1]!;
      const table = this.table(task.client);
      if (table.upTo > task.clock) {
        stack.pop();
        onStack.delete(task.client);
        continue;
      }
      const structs = this.store.clients.get(task.client);
      if (structs === undefined) throw new Error(`causal closure: client ${task.client} is not in the document`);
      let index = Y.findIndexSS(structs, table.upTo);
      let blocked = false;
      while (table.upTo <= task.clock) {
        const struct = structs[index];
        if (struct === undefined) throw new Error(`causal closure: ${task.client}:${table.upTo} is not in the document`);
        const refs = struct instanceof Y.Item ? foreignReferences(struct, namedParent(struct)) : [];
        const pending = refs.filter((ref) => (table.latest.get(ref.client) ?? 0) <= ref.clock); // others are inside already
        for (const ref of pending) {
          if (this.table(ref.client).upTo > ref.clock) continue;
          if (onStack.has(ref.client)) throw new Error(`causal closure: cycle through client ${ref.client}`);
          stack.push({ client: ref.client, clock: ref.clock });
          onStack.add(ref.client);
          blocked = true;
          break;
        }
        if (blocked) break;
        if (pending.length > 0) {
          const grown = new Map<number, number>();
          for (const ref of pending) {
            this.joinInto(grown, ref);
          }
          const delta = new Map<number, number>();
          for (const [c, k] of grown) if (raise(table.latest, c, k)) delta.set(c, k);
          if (delta.size > 0) {
            if (table.deltas.length % SNAPSHOT_EVERY === 0) table.snapshots.push(new Map(table.latest));
            table.froms.push(Math.max(struct.id.clock, table.upTo));
            table.deltas.push(delta);
          }
        }
        table.upTo = struct.id.clock + struct.length;
        index++;
      }
      if (!blocked) {
        stack.pop();
        onStack.delete(task.client);
      }
    }
  }
}
