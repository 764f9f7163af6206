import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { encodeEnvelope, deriveClientId, sealEnvelope, type Envelope } from '../../src/core/draft/envelope.js';
import { DraftReplica } from '../../src/core/draft/replica.js';
import type { Eviction } from '../../src/core/draft/held.js';
import { addParagraph, createTreaty, deleteText, insertText } from '../../src/core/draft/treaty-ops.js';
import { attribute, attributeParagraph } from '../../src/core/draft/attribution.js';
import { renderCanonical } from '../../src/core/draft/canonical.js';
import { allParagraphs, treatyRoots } from '../../src/core/draft/schema.js';
import type { NegotiationId } from '../../src/core/identity.js';
import { Delegation, NEGOTIATION, TestRoster, deliver, fingerprint, native, newReplica, signerFor } from './draft-fixtures.js';

const alice = signerFor(1);
const bob = signerFor(2);
const mallory = signerFor(3); // a party, and dishonest
const outsider = signerFor(4); // not a party
const roster = new TestRoster([alice, bob, mallory]);
const P1 = { kind: 'paragraph', paragraphId: 'p1' } as const;

/** Alice's node with a treaty and one paragraph; `sealed` holds its envelopes. */
function aliceWithParagraph(text = 'The Parties shall cooperate.'): Delegation {
  const a = new Delegation(alice, roster, 1);
  expect(createTreaty(a.doc, 'Convention').ok).toBe(true);
  expect(addParagraph(a.doc, { id: 'p1', in: 'preamble', text }).ok).toBe(true);
  return a;
}

/** An update written by a Y.Doc that claims `clientId`, on top of `base`'s state. */
function updateUnder(clientId: number, base: Y.Doc, edit: (doc: Y.Doc) => void): Uint8Array {
  const forger = new Y.Doc({ gc: false });
  Y.applyUpdate(forger, Y.encodeStateAsUpdate(base));
  forger.clientID = clientId;
  const before = Y.encodeStateVector(forger);
  edit(forger);
  return Y.encodeStateAsUpdate(forger, before);
}

function expectRejected(outcome: ReturnType<DraftReplica['acceptEnvelope']>, reason: string, spent = false): void {
  expect(outcome.kind, JSON.stringify(outcome)).toBe('rejected');
  if (outcome.kind !== 'rejected') return;
  expect(outcome.reason, outcome.detail).toBe(reason);
  expect(outcome.spent).toBe(spent);
}

describe('applying, replaying', () => {
  it('applies a party\'s envelopes; a replay is a no-op', () => {
    const a = aliceWithParagraph();
    const r = newReplica(roster);
    for (const e of a.sealed) expect(deliver(r, encodeEnvelope(e)).kind).toBe('applied');
    expect(renderCanonical(r.doc)).toBe(renderCanonical(a.doc));
    const before = fingerprint(r);
    for (const e of a.sealed) {
      expect(deliver(r, encodeEnvelope(e)).kind).toBe('duplicate');
      expect(deliver(r, e).kind).toBe('duplicate');
    }
    expect(fingerprint(r)).toEqual(before);
    expect(r.frontier()).toEqual(new Map([[alice.party, a.sealed.length]]));
  });
});

describe('forgery', () => {
  it('an envelope by a non-party is refused: unknown-author', () => {
    const r = newReplica(roster);
    const e = sealEnvelope(outsider, {
      negotiation: NEGOTIATION,
      author: outsider.party,
      seq: 1,
      epoch: 1,
      clientId: deriveClientId(outsider.party, 1),
      update: updateUnder(deriveClientId(outsider.party, 1), new Y.Doc(), (d) => d.getText('title').insert(0, 'x')),
    });
    expectRejected(deliver(r, encodeEnvelope(e)), 'unknown-author');
    expect(r.frontier().size).toBe(0);
  });

  it('a party\'s envelope re-signed by another party\'s key is refused: bad-signature', () => {
    const a = aliceWithParagraph();
    const r = newReplica(roster);
    const genuine = a.sealed[0]!;
    const resigned: Envelope = { ...genuine, signature: mallory.sign(encodeEnvelope(genuine).subarray(0, -64)) };
    expectRejected(deliver(r, encodeEnvelope(resigned)), 'bad-signature');
    const tampered = encodeEnvelope(genuine);
    tampered[tampered.length - 70] = tampered[tampered.length - 70]! ^ 0x20; // in the update
    expectRejected(deliver(r, tampered), 'bad-signature');
    expect(deliver(r, encodeEnvelope(genuine)).kind).toBe('applied');
  });

  it('writing under another author\'s clientID is refused, and the forger\'s seq is spent', () => {
    const a = aliceWithParagraph();
    const r = newReplica(roster);
    for (const e of a.sealed) deliver(r, e);
    const victim = deriveClientId(alice.party, 1);
    const forged = updateUnder(victim, a.doc, (d) => d.getArray('preamble').toArray()[0] && (d.getArray('preamble').get(0) as Y.Map<Y.Text>).get('text')!.insert(0, 'NOT '));
    // Claiming the victim's clientId in the envelope: not derived from the forger's key and epoch.
    const claim = sealEnvelope(mallory, { negotiation: NEGOTIATION, author: mallory.party, seq: 1, epoch: 1, clientId: victim, update: forged });
    expectRejected(deliver(r, encodeEnvelope(claim)), 'client-id-mismatch', true);
    // Its own derived clientId in the envelope, the victim's in the update.
    const own = deriveClientId(mallory.party, 1);
    const smuggle = sealEnvelope(mallory, { negotiation: NEGOTIATION, author: mallory.party, seq: 2, epoch: 1, clientId: own, update: forged });
    expectRejected(deliver(r, encodeEnvelope(smuggle)), 'foreign-client', true);
    expect(renderCanonical(r.doc)).toBe(renderCanonical(a.doc));
    expect(r.frontier().get(mallory.party)).toBe(2);
    // Delivered in any order, the same decisions: a replica that gets them first agrees.
    const r2 = newReplica(roster);
    expect(deliver(r2, smuggle)).toMatchObject({ kind: 'held', reason: 'gap' }); // not its turn yet
    const both = deliver(r2, claim);
    expectRejected(both, 'client-id-mismatch', true);
    if (both.kind === 'rejected') expect(both.settled.map((s) => s.result === 'spent' && s.reason)).toEqual(['client-id-mismatch', 'foreign-client']);
    for (const e of a.sealed) deliver(r2, e);
    expect(fingerprint(r2)).toEqual(fingerprint(r));
  });

  it('the same seq with different content is refused as conflicting-seq, both kept as evidence', () => {
    const a = aliceWithParagraph();
    const r = newReplica(roster);
    for (const e of a.sealed) deliver(r, e);
    const first = a.sealed[1]!;
    const other = aliceWithParagraph('Something else.').sealed[1]!;
    expect(other.seq).toBe(first.seq);
    const before = renderCanonical(r.doc);
    expectRejected(deliver(r, encodeEnvelope(other)), 'conflicting-seq');
    expect(renderCanonical(r.doc)).toBe(before);
    const [conflict] = r.conflicts();
    expect(conflict).toMatchObject({ kind: 'seq', author: alice.party, seq: first.seq, first, second: other });
  });

  it('other negotiations and undecodable bytes are refused', () => {
    const a = aliceWithParagraph();
    const elsewhere = new DraftReplica('77'.repeat(32) as NegotiationId, roster, { scheme: native });
    expectRejected(deliver(elsewhere, a.sealed[0]!), 'wrong-negotiation');
    const r = newReplica(roster);
    expectRejected(deliver(r, new Uint8Array([1, 2, 3])), 'malformed');
    expectRejected(deliver(r, encodeEnvelope(a.sealed[0]!).subarray(1)), 'malformed');
  });
});

/** Raw Yjs update with one string item, placed as given (for updates no honest client sends). */
function craft(client: number, clock: number, origin: Y.ID | null, right: Y.ID | null, parentKey: string | null, text: string, extraInfo = 0): Uint8Array {
  const encoder = new Y.UpdateEncoderV1();
  encoding.writeVarUint(encoder.restEncoder, 1);
  encoding.writeVarUint(encoder.restEncoder, 1);
  encoder.writeClient(client);
  encoding.writeVarUint(encoder.restEncoder, clock);
  encoder.writeInfo((4 | extraInfo) | (origin ? 0x80 : 0) | (right ? 0x40 : 0));
  if (origin) encoder.writeLeftID(origin);
  if (right) encoder.writeRightID(right);
  if (!origin && !right) {
    encoder.writeParentInfo(true);
    encoder.writeString(parentKey ?? 'title');
  }
  encoder.writeString(text);
  encoding.writeVarUint(encoder.restEncoder, 0);
  return encoder.toUint8Array();
}

describe('invalid updates are spent alike everywhere', () => {
  const own = deriveClientId(mallory.party, 2);
  const seal = (seq: number, update: Uint8Array) =>
    sealEnvelope(mallory, { negotiation: NEGOTIATION, author: mallory.party, seq, epoch: 2, clientId: own, update });

  it('garbage, trailing bytes, subdocuments, embeds, clock gaps, forward references', () => {
    const subdoc = new Y.Doc();
    subdoc.clientID = own;
    subdoc.getMap('m').set('doc', new Y.Doc());
    const embed = new Y.Doc();
    embed.clientID = own;
    embed.getText('title').insertEmbed(0, { image: 'x' });
    const cases: Array<[string, Uint8Array, RegExp]> = [
      ['garbage', new Uint8Array([0xff, 0xff, 0xff]), /undecodable/],
      ['trailing', Uint8Array.from([...craft(own, 0, null, null, 'title', 'a'), 0]), /trailing/],
      ['subdocument', Y.encodeStateAsUpdate(subdoc), /subdocument/],
      ['embed', Y.encodeStateAsUpdate(embed), /embed/],
      ['clock gap', craft(own, 5, null, null, 'title', 'a'), /starts at clock 5/],
      ['forward reference', craft(own, 0, Y.createID(own, 3), null, null, 'a'), /does not precede/],
      ['empty string', craft(own, 0, null, null, 'title', ''), /empty string/],
    ];
    const r = newReplica(roster);
    cases.forEach(([name, update, detail], i) => {
      const outcome = deliver(r, seal(i + 1, update), name);
      expect(outcome.kind, name).toBe('rejected');
      if (outcome.kind === 'rejected') {
        expect(outcome.reason, name).toBe('invalid-update');
        expect(outcome.detail, name).toMatch(detail);
        expect(outcome.spent, name).toBe(true);
      }
    });
    expect(r.frontier().get(mallory.party)).toBe(cases.length);
    expect(Y.encodeStateVector(r.doc)).toEqual(Y.encodeStateVector(new Y.Doc()));
  });

  it('an unsound placement stops the update at that item, the same way on every replica', () => {
    const a = aliceWithParagraph('abcdef');
    const base = a.sealed.slice();
    const r1 = newReplica(roster);
    for (const e of base) deliver(r1, e);
    const text = allParagraphs(r1.doc)[0]!.text;
    const first = text._start!;
    const c = (i: number) => Y.createID(first.id.client, first.id.clock + i);
    // Item 1 sound (between 'a' and 'b'); item 2 names 'b' and 'e' as neighbours though 'c', 'd' lie between.
    const encoder = new Y.UpdateEncoderV1();
    encoding.writeVarUint(encoder.restEncoder, 1);
    encoding.writeVarUint(encoder.restEncoder, 2);
    encoder.writeClient(own);
    encoding.writeVarUint(encoder.restEncoder, 0);
    encoder.writeInfo(4 | 0x80 | 0x40);
    encoder.writeLeftID(c(0));
    encoder.writeRightID(c(1));
    encoder.writeString('1');
    encoder.writeInfo(4 | 0x80 | 0x40);
    encoder.writeLeftID(c(1));
    encoder.writeRightID(c(4));
    encoder.writeString('2');
    encoding.writeVarUint(encoder.restEncoder, 0);
    const bad = seal(1, encoder.toUint8Array());
    const outcome = deliver(r1, bad);
    expectRejected(outcome, 'invalid-update', true);
    if (outcome.kind === 'rejected') expect(outcome.detail).toMatch(/seen (item|character) lies between.*first 1 items stay/);
    expect(allParagraphs(r1.doc)[0]!.text.toString()).toBe('a1bcdef');
    expect(attributeParagraph(r1, 'p1')).toEqual({
      ok: true,
      value: [
        { from: 0, to: 1, party: alice.party },
        { from: 1, to: 2, party: mallory.party },
        { from: 2, to: 7, party: alice.party },
      ],
    });
    // Another replica, whose list holds a concurrent item there, decides the same.
    const b = new Delegation(bob, roster, 1);
    for (const e of base) deliver(b.replica, e);
    expect(insertText(b.doc, P1, 3, 'Z').ok).toBe(true);
    const r2 = newReplica(roster);
    for (const e of [...base, ...b.sealed]) deliver(r2, e);
    expectRejected(deliver(r2, bad), 'invalid-update', true);
    for (const e of b.sealed) deliver(r1, e);
    expect(fingerprint(r2).canonical).toBe(fingerprint(r1).canonical);
    expect(fingerprint(r2).stateVector).toBe(fingerprint(r1).stateVector);
  });
});

describe('holding', () => {
  it('a successor arriving first is held until its predecessor comes', () => {
    const a = aliceWithParagraph();
    insertText(a.doc, P1, 0, 'Hereby ');
    const [e1, e2, e3] = a.sealed;
    const r = newReplica(roster);
    expect(deliver(r, e3!)).toMatchObject({ kind: 'held', reason: 'gap' });
    expect(deliver(r, e2!)).toMatchObject({ kind: 'held', reason: 'gap' });
    expect(r.missing()).toEqual([{ kind: 'gap', author: alice.party, fromSeq: 1, toSeq: 1 }]);
    const outcome = deliver(r, e1!);
    expect(outcome.kind).toBe('applied');
    if (outcome.kind === 'applied') expect(outcome.applied.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(r.heldCount()).toBe(0);
    expect(renderCanonical(r.doc)).toBe(renderCanonical(a.doc));
  });

  it('an envelope depending on another author\'s missing update is held as missing-dependency', () => {
    const a = aliceWithParagraph();
    const b = new Delegation(bob, roster, 5);
    for (const e of a.sealed) deliver(b.replica, e);
    insertText(b.doc, P1, 4, 'High Contracting ');
    deleteText(b.doc, P1, 0, 4); // deletes Alice's words too
    const r = newReplica(roster);
    deliver(r, a.sealed[0]!);
    expect(deliver(r, b.sealed[0]!)).toMatchObject({ kind: 'held', reason: 'missing-dependency' });
    const [missing] = r.missing();
    expect(missing).toMatchObject({ kind: 'dependency', author: bob.party, seq: 1, clientId: deriveClientId(alice.party, 1), clientAuthor: alice.party });
    expect(deliver(r, b.sealed[1]!)).toMatchObject({ kind: 'held', reason: 'gap' });
    const outcome = deliver(r, a.sealed[1]!);
    expect(outcome.kind === 'applied' && outcome.applied.map((e) => `${e.author === alice.party ? 'a' : 'b'}${e.seq}`)).toEqual(['a2', 'b1', 'b2']);
    expect(renderCanonical(r.doc)).toBe(renderCanonical(b.doc));
  });

  it('a delete of text not yet received is held too', () => {
    const a = aliceWithParagraph();
    const b = new Delegation(bob, roster, 5);
    for (const e of a.sealed) deliver(b.replica, e);
    deleteText(b.doc, P1, 0, 4);
    expect(b.sealed).toHaveLength(1);
    const r = newReplica(roster);
    deliver(r, a.sealed[0]!);
    expect(deliver(r, b.sealed[0]!)).toMatchObject({ kind: 'held', reason: 'missing-dependency' });
    expect(deliver(r, a.sealed[1]!).kind).toBe('applied');
    expect(renderCanonical(r.doc)).toBe(renderCanonical(b.doc));
  });

  it('held envelopes are bounded; the farthest is evicted and reported', () => {
    const a = aliceWithParagraph();
    for (let i = 0; i < 8; i++) insertText(a.doc, P1, 0, `${i}`);
    const reported: Eviction[] = [];
    const r = newReplica(roster, { limits: { perAuthor: 3 }, onEviction: (e) => reported.push(e) });
    const later = a.sealed.slice(2); // seq 3..10
    for (const e of later) deliver(r, e);
    expect(r.heldCount()).toBe(3);
    expect(reported.map((e) => e.seq)).toEqual([6, 7, 8, 9, 10]);
    expect(reported[0]).toMatchObject({ author: alice.party, reason: 'author-limit' });
    expect(r.evictions()).toEqual(reported);
    deliver(r, a.sealed[0]!);
    const outcome = deliver(r, a.sealed[1]!);
    expect(outcome.kind === 'applied' && outcome.applied.map((e) => e.seq)).toEqual([2, 3, 4, 5]);
    // Catch-up fetches the rest again.
    for (const e of a.sealed.slice(5)) deliver(r, e);
    expect(renderCanonical(r.doc)).toBe(renderCanonical(a.doc));

    const tight = newReplica(roster, { limits: { total: 2 } });
    const b = new Delegation(bob, roster, 2);
    for (let i = 0; i < 3; i++) insertText(b.doc, { kind: 'title' }, 0, `${i}`);
    deliver(tight, a.sealed[4]!); // 4 past Alice's frontier
    deliver(tight, b.sealed[1]!); // 1 past Bob's
    deliver(tight, b.sealed[2]!);
    expect(tight.evictions()).toMatchObject([{ author: alice.party, seq: 5, reason: 'total-limit' }]);
    const bytes = newReplica(roster, { limits: { bytes: 1 } });
    deliver(bytes, a.sealed[4]!);
    expect(bytes.evictions()).toMatchObject([{ reason: 'byte-limit' }]);
    expect(bytes.heldCount()).toBe(0);
  });
});

describe('checkpoints', () => {
  it('a restored replica equals the original and continues from its frontier', () => {
    const a = aliceWithParagraph();
    const b = new Delegation(bob, roster, 8);
    for (const e of a.sealed) deliver(b.replica, e);
    insertText(b.doc, P1, 0, 'Now ');
    const r = newReplica(roster);
    for (const e of [...a.sealed, ...b.sealed]) deliver(r, e);
    const restored = DraftReplica.restore(NEGOTIATION, roster, r.checkpoint(), { scheme: native });
    expect(restored.ok).toBe(true);
    if (!restored.ok) return;
    const copy = restored.value;
    expect(fingerprint(copy)).toEqual(fingerprint(r));
    expect(deliver(copy, a.sealed[0]!).kind).toBe('duplicate');
    insertText(a.doc, P1, 0, 'And ');
    for (const e of a.sealed) {
      deliver(copy, e);
      deliver(r, e);
    }
    expect(fingerprint(copy)).toEqual(fingerprint(r));
    expect(DraftReplica.restore(NEGOTIATION, roster, { ...r.checkpoint(), yjsState: new Uint8Array([9, 9]) }, { scheme: native }).ok).toBe(false);
  });

  it('a clientId bound to another author is refused as client-id-conflict, not spent, kept as evidence', () => {
    const b = new Delegation(bob, roster, 4);
    insertText(b.doc, { kind: 'title' }, 0, 'Bob');
    const bobsClient = deriveClientId(bob.party, 4);
    // A collision needs ~2^53 work; fabricate one through a checkpoint's bindings.
    const r = DraftReplica.restore(NEGOTIATION, roster, { yjsState: Y.encodeStateAsUpdate(new Y.Doc()), frontier: new Map(), bindings: new Map([[bobsClient, alice.party]]) }, { scheme: native });
    if (!r.ok) throw new Error(r.error);
    expectRejected(deliver(r.value, b.sealed[0]!), 'client-id-conflict');
    expect(r.value.frontier().size).toBe(0);
    expect(r.value.conflicts()).toMatchObject([{ kind: 'client-id', clientId: bobsClient, boundTo: alice.party }]);
  });
});

describe('authoring', () => {
  it('coalesces updates until flush, with increasing seqs', () => {
    const r = newReplica(roster);
    const a = new Delegation(alice, roster, 6, { replica: r, coalesce: true });
    expect(createTreaty(a.doc, 'T').ok).toBe(true);
    for (const ch of 'hello') insertText(a.doc, { kind: 'title' }, 1, ch);
    expect(a.sealed).toHaveLength(0);
    expect(a.author.pendingCount).toBe(6);
    a.flush();
    insertText(a.doc, { kind: 'title' }, 0, '!');
    a.flush();
    a.flush();
    expect(a.sealed.map((e) => e.seq)).toEqual([1, 2]);
    expect(a.doc.clientID).toBe(deriveClientId(alice.party, 6));
    const other = newReplica(roster);
    for (const e of a.sealed) expect(deliver(other, encodeEnvelope(e)).kind).toBe('applied');
    expect(treatyRoots(other.doc).title.toString()).toBe('!Tolleh');
    expect(r.frontier().get(alice.party)).toBe(2);
  });

  it('seals the UI document\'s edits under its own epoch, in order with the node\'s own edits', () => {
    const node = new Delegation(alice, roster, 6, { coalesce: true });
    expect(createTreaty(node.doc, 'T').ok).toBe(true);
    expect(addParagraph(node.doc, { id: 'p1', in: 'preamble', text: 'base' }).ok).toBe(true);
    const uiClient = node.author.addEpoch(7);
    expect(uiClient).toEqual({ ok: true, value: deriveClientId(alice.party, 7) });
    const ui = new Y.Doc({ gc: false });
    ui.clientID = uiClient.ok ? uiClient.value : 0;
    Y.applyUpdate(ui, Y.encodeStateAsUpdate(node.doc));
    ui.on('update', (u: Uint8Array, origin: unknown) => {
      if (origin !== 'node') Y.applyUpdate(node.doc, u, 'ui');
    });
    const uiText = (ui.getArray('preamble').get(0) as Y.Map<Y.Text>).get('text')!;
    uiText.insert(4, ' text'); // typed in the UI
    expect(insertText(node.doc, P1, 0, 'The ').ok).toBe(true); // a node-side operation, after it
    uiText.insert(uiText.length, '!'); // the UI again, before syncing the node's edit
    Y.applyUpdate(ui, Y.encodeStateAsUpdate(node.doc, Y.encodeStateVector(ui)), 'node');
    node.flush();
    expect(node.sealed.map((e) => e.epoch)).toEqual([6, 7, 6, 7]);
    expect(node.doc.clientID).toBe(deriveClientId(alice.party, 6));
    const other = newReplica(roster);
    for (const e of node.sealed) expect(deliver(other, encodeEnvelope(e)).kind).toBe('applied');
    expect(allParagraphs(other.doc)[0]!.text.toString()).toBe('The base text!');
    expect(attributeParagraph(other, 'p1')).toEqual({ ok: true, value: [{ from: 0, to: 14, party: alice.party }] });
  });

  it('refuses to seal an edit other replicas would reject', () => {
    const r = newReplica(roster);
    const a = new Delegation(alice, roster, 6, { replica: r, coalesce: true });
    treatyRoots(a.doc).title.insertEmbed(0, { image: 'seal.png' });
    const result = a.author.flush();
    expect(result.ok).toBe(false);
    expect(a.author.flush().ok).toBe(false); // this session cannot continue
    const big = new Delegation(bob, roster, 6, { coalesce: true });
    treatyRoots(big.doc).title.insert(0, 'é'.repeat(4_500_000)); // 9 MB of UTF-8 in one transaction
    const tooBig = big.author.flush();
    expect(!tooBig.ok && tooBig.error).toMatch(/exceeds/);
  });

  it('splits a long coalesced run into envelopes within the size limit', () => {
    const a = new Delegation(alice, roster, 6, { coalesce: true });
    for (let i = 0; i < 3; i++) treatyRoots(a.doc).title.insert(0, 'x'.repeat(2_000_000));
    a.flush();
    expect(a.sealed.length).toBeGreaterThan(1);
    const other = newReplica(roster);
    for (const e of a.sealed) expect(deliver(other, encodeEnvelope(e)).kind).toBe('applied');
    expect(treatyRoots(other.doc).title.length).toBe(6_000_000);
  });
});

describe('attribution', () => {
  it('names the party that wrote each stretch, skipping deleted text', () => {
    const a = aliceWithParagraph('Hello');
    const b = new Delegation(bob, roster, 3);
    for (const e of a.sealed) deliver(b.replica, e);
    insertText(b.doc, P1, 5, ' world');
    deleteText(b.doc, P1, 0, 1);
    insertText(b.doc, P1, 0, 'J');
    const r = newReplica(roster);
    for (const e of [...a.sealed, ...b.sealed]) deliver(r, e);
    const runs = attributeParagraph(r, 'p1');
    expect(runs.ok && runs.value).toEqual([
      { from: 0, to: 1, party: bob.party },
      { from: 1, to: 5, party: alice.party },
      { from: 5, to: 11, party: bob.party },
    ]);
    const text = allParagraphs(r.doc)[0]!.text;
    expect(attribute(r.doc, text, r.bindings(), { index: 3, length: 4 })).toEqual([
      { from: 3, to: 5, party: alice.party },
      { from: 5, to: 7, party: bob.party },
    ]);
    expect(attributeParagraph(r, 'nope').ok).toBe(false);
    expect(attribute(b.doc, text, r.bindings())).toEqual([]); // a text of another document
    // The author's own replica attributes the same.
    expect(attributeParagraph(b.replica, 'p1')).toEqual(runs);
  });
});
