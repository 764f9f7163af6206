/**
 * Is a new item's placement one an honest Yjs client could have produced?
 *
 * Yjs places an item between its origin and right origin and resolves concurrent inserts
 * assuming the two were neighbours in its author's document. Nothing in Yjs checks this; a
 * signed update naming, say, a right origin far to the right makes replicas that hold different
 * concurrent items order the text differently, for good (test/core/convergence-adversarial.test.ts
 * shows it on bare Yjs). We accept an item only if no item its author must have seen (its causal
 * closure, causal-closure.ts) lies between its origin and right origin, and both lie in one list
 * in that order. Unseen items may lie between: they were concurrent, which Yjs resolves.
 *
 * The answer is the same on every replica: the closure is the same set of items everywhere, all
 * of them present, in the same relative order everywhere.
 * Cost: a walk over the items between the two neighbours, usually none.
 */
import * as Y from 'yjs';
import { foreignReferences, type CausalClosures } from './causal-closure.js';

/**
 * Returns null if the placement is sound, else why not. The item is not yet integrated; its
 * author's earlier items are. `parentKey`/`parentId` name its parent when it has no origin.
 */
export function checkPlacement(
  doc: Y.Doc,
  closures: CausalClosures,
  item: Y.Item,
  parentKey: string | null,
  parentId: Y.ID | null,
): string | null {
  const { client, clock } = item.id;
  let seen: Map<number, number> | null = null;
  // Must the author of `item` have seen clock `c` of client `w`? (Seen clocks form a prefix.)
  const visible = (w: number, c: number): boolean => {
    if (w === client) return c < clock;
    if (seen === null) {
      seen = new Map();
      if (clock > 0) closures.joinAt(seen, client, clock - 1);
      for (const ref of foreignReferences(item, parentId)) closures.joinInto(seen, ref);
    }
    return c < (seen.get(w) ?? 0);
  };

  const origin = item.origin;
  const right = item.rightOrigin;
  if (origin === null && right === null) return checkFirstInParent(doc, item, parentKey, parentId, visible);

  const leftItem = origin === null ? null : Y.getItem(doc.store, origin);
  const rightItem = right === null ? null : Y.getItem(doc.store, right);
  if (leftItem !== null && !(leftItem instanceof Y.Item)) return 'origin is a collected struct';
  if (rightItem !== null && !(rightItem instanceof Y.Item)) return 'right origin is a collected struct';

  if (leftItem !== null && origin !== null && origin.clock < leftItem.id.clock + leftItem.length - 1) {
    // The origin's successor is in the origin's own item: it must be the right origin or unseen
    // (and then so is the rest of that item).
    if (right !== null && right.client === origin.client && right.clock === origin.clock + 1) return null;
    if (visible(origin.client, origin.clock + 1)) return 'a seen character lies between origin and right origin';
  }
  if (rightItem !== null && right !== null && right.clock > rightItem.id.clock) {
    // Characters of the right origin's item before it were seen (prefix) and lie before it.
    return 'a seen character lies between origin and right origin';
  }
  if (leftItem !== null) {
    let n = leftItem.right;
    while (n !== rightItem) {
      if (n === null) return 'right origin is not to the right of origin in one list';
      if (visible(n.id.client, n.id.clock)) return 'a seen item lies between origin and right origin';
      n = n.right;
    }
    return null;
  }
  // A right origin and no origin: every item before it must be unseen.
  for (let n = rightItem!.left; n !== null; n = n.left) {
    if (visible(n.id.client, n.id.clock)) return 'a seen item precedes the right origin, yet no origin is named';
  }
  return null;
}

function checkFirstInParent(
  doc: Y.Doc,
  item: Y.Item,
  parentKey: string | null,
  parentId: Y.ID | null,
  visible: (client: number, clock: number) => boolean,
): string | null {
  let parent: Y.AbstractType<any> | undefined;
  if (parentKey !== null) {
    parent = doc.share.get(parentKey);
  } else if (parentId !== null) {
    const parentItem = Y.getItem(doc.store, parentId);
    if (!(parentItem instanceof Y.Item) || !(parentItem.content instanceof Y.ContentType)) return 'parent is not a type';
    parent = parentItem.content.type;
  } else {
    return 'no parent';
  }
  if (parent === undefined) return null; // a root no one has written to yet
  if (item.parentSub === null) {
    for (let n = parent._start; n !== null; n = n.right) {
      if (visible(n.id.client, n.id.clock)) return 'inserted first in a list whose seen items it ignores';
    }
  } else {
    for (let n = parent._map.get(item.parentSub) ?? null; n !== null; n = n.left) {
      if (visible(n.id.client, n.id.clock)) return 'sets a key without naming the value it replaces';
    }
  }
  return null;
}
