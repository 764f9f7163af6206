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
 * a restored replica computes the same answers as one that saw every envelope.
 *
 * Computed lazily, per client, only as far as a placement check asks; each client keeps the
 * clocks where its closure grew. Items never change their references, so nothing is invalidated.
 */
import * as Y from 'yjs';

/** A state vector: client -> number of clocks seen. Shared between entries; never mutated. */
export type Closure = ReadonlyMap<number, number>;

const EMPTY: Closure = new Map();

interface ClientTable {
  /** Clocks below this have been folded in. */
  upTo: number;
  /** Closure valid from froms[i] (inclusive) up to froms[i + 1]; ascending. */
  readonly froms: number[];
  readonly closures: Closure[];
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

export class CausalClosures {
  private readonly tables = new Map<number, ClientTable>();

  constructor(private readonly store: Store) {}

  /** Closure of `ref` itself: what its author saw, plus the referenced item and its client's prefix. */
  joinInto(target: Map<number, number>, ref: Y.ID): void {
    const closure = this.closureAt(ref.client, ref.clock);
    for (const [client, clock] of closure) {
      if ((target.get(client) ?? 0) < clock) target.set(client, clock);
    }
    if ((target.get(ref.client) ?? 0) < ref.clock + 1) target.set(ref.client, ref.clock + 1);
  }

  /**
   * The closure of item (client, clock) excluding the client's own prefix (implicit): other
   * clients' clocks its author must have seen. The item must be integrated.
   */
  closureAt(client: number, clock: number): Closure {
    this.ensure(client, clock);
    const table = this.tables.get(client)!;
    const { froms, closures } = table;
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
    return found < 0 ? EMPTY : closures[found]!;
  }

  private table(client: number): ClientTable {
    let t = this.tables.get(client);
    if (t === undefined) {
      t = { upTo: 0, froms: [], closures: [] };
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
        const current = table.closures[table.closures.length - 1] ?? EMPTY;
        let next: Map<number, number> | null = null;
        for (const ref of refs) {
          if ((current.get(ref.client) ?? 0) > ref.clock) continue; // already inside: closures are closed
          const refTable = this.table(ref.client);
          if (refTable.upTo <= ref.clock) {
            if (onStack.has(ref.client)) throw new Error(`causal closure: cycle through client ${ref.client}`);
            stack.push({ client: ref.client, clock: ref.clock });
            onStack.add(ref.client);
            blocked = true;
            break;
          }
          next ??= new Map(current);
          this.joinInto(next, ref);
        }
        if (blocked) break;
        if (next !== null) {
          table.froms.push(Math.max(struct.id.clock, table.upTo));
          table.closures.push(next);
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
