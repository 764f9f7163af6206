/**
 * The causal closures the placement check relies on, against a brute-force computation over
 * every character of documents that several Yjs clients edited concurrently.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CausalClosures } from '../../src/core/draft/causal-closure.js';
import { createRng } from '../support/rng.js';

/** Several clients editing a text, an array of maps and a map, syncing now and then. */
function concurrentDoc(seed: number): Y.Doc {
  const rng = createRng(seed);
  const docs = Array.from({ length: 4 }, (_, i) => {
    const doc = new Y.Doc({ gc: false });
    doc.clientID = 100 + i;
    return doc;
  });
  for (let step = 0; step < 80; step++) {
    const doc = rng.pick(docs);
    const text = doc.getText('t');
    const roll = rng.next();
    if (roll < 0.5) text.insert(rng.int(text.length + 1), rng.pick(['a', 'bc', 'def']));
    else if (roll < 0.65 && text.length > 0) text.delete(rng.int(text.length), 1);
    else if (roll < 0.75 && text.length > 1) text.format(0, 1 + rng.int(text.length - 1), { bracket: `b${step}` });
    else if (roll < 0.85) doc.getMap('m').set(rng.pick(['x', 'y']), step);
    else {
      const list = doc.getArray<Y.Map<unknown>>('list');
      const entry = new Y.Map<unknown>();
      entry.set('t', new Y.Text('p'));
      list.insert(rng.int(list.length + 1), [entry]);
      const some = list.get(rng.int(list.length));
      (some.get('t') as Y.Text).insert(0, 'q');
    }
    if (rng.chance(0.3)) {
      const a = rng.pick(docs);
      const b = rng.pick(docs);
      Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
    }
  }
  const all = new Y.Doc({ gc: false });
  for (const d of docs) Y.applyUpdate(all, Y.encodeStateAsUpdate(d));
  return all;
}

/** Closure of character (client, clock) by exhaustive search: other clients' seen clock counts. */
function bruteForce(doc: Y.Doc, client: number, clock: number): Map<number, number> {
  const seen = new Map<number, number>(); // client -> clock count seen (a prefix)
  const work: Array<[number, number]> = [[client, clock]];
  while (work.length > 0) {
    const [c, k] = work.pop()!;
    if ((seen.get(c) ?? 0) > k) continue;
    const from = seen.get(c) ?? 0;
    seen.set(c, k + 1);
    // Every character of c up to k, with its references.
    for (const struct of doc.store.clients.get(c)!) {
      if (!(struct instanceof Y.Item)) continue;
      for (let i = 0; i < struct.length; i++) {
        const at = struct.id.clock + i;
        if (at < from || at > k) continue;
        const refs: Y.ID[] = [];
        if (i === 0 && struct.origin) refs.push(struct.origin);
        if (struct.rightOrigin) refs.push(struct.rightOrigin);
        if (!struct.origin && !struct.rightOrigin && struct.parent instanceof Y.AbstractType && struct.parent._item) refs.push(struct.parent._item.id);
        for (const r of refs) work.push([r.client, r.clock]);
      }
    }
  }
  seen.delete(client);
  return new Map([...seen].sort((a, b) => a[0] - b[0]));
}

describe('causal closures', () => {
  it('equal a brute-force search for every character, queried in any order', () => {
    for (let seed = 1; seed <= 12; seed++) {
      const doc = concurrentDoc(seed);
      const closures = new CausalClosures(doc.store);
      const chars: Array<[number, number]> = [];
      for (const [client, structs] of doc.store.clients) {
        const last = structs[structs.length - 1]!;
        for (let k = 0; k < last.id.clock + last.length; k++) chars.push([client, k]);
      }
      createRng(seed).shuffle(chars);
      for (const [client, clock] of chars) {
        const got = new Map<number, number>();
        closures.joinAt(got, client, clock);
        got.delete(client);
        expect(new Map([...got].sort((a, b) => a[0] - b[0])), `seed ${seed}, ${client}:${clock}`).toEqual(bruteForce(doc, client, clock));
      }
    }
  });
});
