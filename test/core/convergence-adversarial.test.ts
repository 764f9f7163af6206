/**
 * A party that signs updates whose items name arbitrary origins. Bare Yjs lets such items split
 * replicas for good (the control below shows it happening); the replica's placement check
 * (src/core/draft/placement.ts) must keep every replica identical, whatever the delivery order,
 * while never refusing an honest delegation's envelope.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { createRng } from '../support/rng.js';
import { deriveClientId, encodeEnvelope, sealEnvelope, type Envelope } from '../../src/core/draft/envelope.js';
import { addParagraph, createTreaty, insertText, setParagraphStatus } from '../../src/core/draft/treaty-ops.js';
import { allParagraphs, treatyRoots } from '../../src/core/draft/schema.js';
import type { DraftReplica } from '../../src/core/draft/replica.js';
import { Delegation, NEGOTIATION, TestRoster, deliver, fingerprint, newReplica, signerFor } from './draft-fixtures.js';

const SEEDS = Number(process.env.CONVERGENCE_SEEDS ?? 50) * 4;
const REGRESSION_SEEDS: number[] = [];

interface Placement {
  origin: Y.ID | null;
  right: Y.ID | null;
  /** Named only when neither origin is: a root key or a type item's id, and a map key. */
  parent: Y.ID | string;
  parentSub?: string;
}

/** A one-item update under `client` at `clock`, placed as the attacker likes. */
function craftInsert(client: number, clock: number, at: Placement, value: string, asMapValue: boolean): Uint8Array {
  const encoder = new Y.UpdateEncoderV1();
  encoding.writeVarUint(encoder.restEncoder, 1); // one client
  encoding.writeVarUint(encoder.restEncoder, 1); // one struct
  encoder.writeClient(client);
  encoding.writeVarUint(encoder.restEncoder, clock);
  const named = !at.origin && !at.right;
  encoder.writeInfo((asMapValue ? 8 : 4) | (at.origin ? 0x80 : 0) | (at.right ? 0x40 : 0) | (named && at.parentSub ? 0x20 : 0));
  if (at.origin) encoder.writeLeftID(at.origin);
  if (at.right) encoder.writeRightID(at.right);
  if (named) {
    encoder.writeParentInfo(typeof at.parent === 'string');
    if (typeof at.parent === 'string') encoder.writeString(at.parent);
    else encoder.writeLeftID(at.parent);
    if (at.parentSub) encoder.writeString(at.parentSub);
  }
  if (asMapValue) {
    encoder.writeLen(1);
    encoder.writeAny(value);
  } else {
    encoder.writeString(value);
  }
  encoding.writeVarUint(encoder.restEncoder, 0); // no deletes
  return encoder.toUint8Array();
}

/** The items of a map key's history, oldest first. */
function keyHistory(map: Y.Map<unknown>, key: string): Y.ID[] {
  const ids: Y.ID[] = [];
  for (let item = map._map.get(key) ?? null; item !== null; item = item.left) ids.unshift(item.id);
  return ids;
}

/** Every character id of the text, deleted ones included, in list order. */
function characterIds(text: Y.Text): Y.ID[] {
  const ids: Y.ID[] = [];
  for (let item = text._start; item !== null; item = item.right) {
    for (let i = 0; i < item.length; i++) ids.push(Y.createID(item.id.client, item.id.clock + i));
  }
  return ids;
}

interface Outcome {
  replicasAgree: boolean;
  bareYjsAgrees: boolean;
}

function runScenario(seed: number): Outcome {
  const rng = createRng(seed);
  const context = `seed ${seed}`;
  const honest = [1, 2, 3].map((i) => signerFor(i));
  const attacker = signerFor(9);
  const roster = new TestRoster([...honest, attacker]);
  const delegations = honest.map((s, i) => new Delegation(s, roster, 10 + i));
  const attackerView = newReplica(roster);
  const all: Envelope[] = [];
  const everyone = (): DraftReplica[] => [...delegations.map((d) => d.replica), attackerView];
  const broadcast = (envelopes: Envelope[]): void => {
    for (const envelope of envelopes) {
      all.push(envelope);
      for (const replica of everyone()) deliver(replica, encodeEnvelope(envelope), context);
    }
  };
  const drain = (d: Delegation): Envelope[] => d.sealed.splice(0);

  // A shared base text written by several clients.
  expect(createTreaty(delegations[0]!.doc, 'Base').ok).toBe(true);
  expect(addParagraph(delegations[0]!.doc, { id: 'p1', in: 'preamble', text: 'ab' }).ok).toBe(true);
  broadcast(drain(delegations[0]!));
  for (let round = 0; round < 6; round++) {
    const d = rng.pick(delegations);
    const text = allParagraphs(d.doc)[0]!.text;
    insertText(d.doc, { kind: 'paragraph', paragraphId: 'p1' }, rng.int(text.length + 1), rng.pick(['c', 'dd', 'e']));
    if (rng.chance(0.3)) insertText(d.doc, { kind: 'title' }, rng.int(5), 'T');
    if (rng.chance(0.3)) setParagraphStatus(d.doc, 'p1', rng.pick(['agreed', 'pending'] as const));
    broadcast(drain(d));
  }

  // Concurrently: honest inserts near one another and status changes, and the attacker's items.
  const concurrent: Envelope[] = [];
  for (const d of delegations) {
    const text = allParagraphs(d.doc)[0]!.text;
    insertText(d.doc, { kind: 'paragraph', paragraphId: 'p1' }, rng.int(text.length + 1), rng.pick(['X', 'Y', 'Z']));
    if (rng.chance(0.5)) insertText(d.doc, { kind: 'paragraph', paragraphId: 'p1' }, rng.int(text.length + 1), 'Q');
    if (rng.chance(0.4)) setParagraphStatus(d.doc, 'p1', rng.pick(['agreed', 'bracketed'] as const));
    concurrent.push(...drain(d));
  }
  const clientId = deriveClientId(attacker.party, 7);
  const paragraph = allParagraphs(attackerView.doc)[0]!;
  const textIds = characterIds(paragraph.text);
  const titleIds = characterIds(treatyRoots(attackerView.doc).title);
  const maybe = (ids: Y.ID[]): Y.ID | null => (rng.chance(0.85) ? rng.pick(ids) : null);
  let clock = 0;
  for (let k = 0; k < 3; k++) {
    let update: Uint8Array;
    const kind = rng.int(4);
    if (kind === 0) {
      // Anywhere in the paragraph's text, or with neither neighbour.
      update = craftInsert(clientId, clock, { origin: maybe(textIds), right: maybe(textIds), parent: paragraph.text._item!.id }, `M${k}`, false);
    } else if (kind === 1) {
      // Neighbours in two different texts (the paragraph and the title).
      const [a, b] = rng.chance(0.5) ? [textIds, titleIds] : [titleIds, textIds];
      update = craftInsert(clientId, clock, { origin: rng.pick(a), right: rng.pick(b), parent: 'title' }, `M${k}`, false);
    } else if (kind === 2) {
      // The title, a root text: first in it, or anywhere.
      update = craftInsert(clientId, clock, { origin: maybe(titleIds), right: maybe(titleIds), parent: 'title' }, `M${k}`, false);
    } else {
      // A paragraph status set on top of any earlier value, or naming none.
      const history = keyHistory(paragraph.map, 'status');
      const origin = rng.chance(0.7) && history.length > 0 ? rng.pick(history) : null;
      update = craftInsert(clientId, clock, { origin, right: null, parent: paragraph.map._item!.id, parentSub: 'status' }, 'agreed', true);
    }
    const envelope = sealEnvelope(attacker, { negotiation: NEGOTIATION, author: attacker.party, seq: k + 1, epoch: 7, clientId, update });
    deliver(attackerView, envelope, context); // learns whether its clock advanced
    clock = Y.getState(attackerView.doc.store, clientId);
    concurrent.push(envelope);
  }
  all.push(...concurrent);

  // Control: bare Yjs, the same updates in different orders.
  const bare = Array.from({ length: 6 }, () => {
    const doc = new Y.Doc({ gc: false });
    for (const envelope of [...all.slice(0, all.length - concurrent.length), ...rng.shuffle([...concurrent])]) Y.applyUpdate(doc, envelope.update);
    return JSON.stringify([doc.getText('title').toString(), doc.getArray('preamble').toJSON()]);
  });

  // Replicas: every one gets everything, in its own order, with duplicates.
  for (const d of delegations) {
    for (const envelope of rng.shuffle([...concurrent])) {
      const outcome = deliver(d.replica, encodeEnvelope(envelope), context);
      if (envelope.author !== attacker.party && outcome.kind === 'rejected') expect.fail(`${context}: honest envelope rejected: ${outcome.detail}`);
    }
  }
  const observers = Array.from({ length: 4 }, () => newReplica(roster));
  for (const observer of observers) {
    const order = [...all.slice(0, all.length - concurrent.length), ...rng.shuffle([...concurrent, ...concurrent.filter(() => rng.chance(0.3))])];
    if (rng.chance(0.5)) rng.shuffle(order);
    for (const envelope of order) {
      const outcome = deliver(observer, encodeEnvelope(envelope), context);
      if (outcome.kind === 'rejected' && envelope.author !== attacker.party) expect.fail(`${context}: honest envelope rejected: ${outcome.detail}`);
      if (outcome.kind === 'applied' || outcome.kind === 'rejected') {
        for (const s of outcome.settled) {
          if (s.result === 'spent' && s.envelope.author !== attacker.party) expect.fail(`${context}: honest envelope spent: ${s.detail}`);
        }
      }
    }
    expect(observer.heldCount(), `${context}: held ${JSON.stringify(observer.missing())}`).toBe(0);
  }
  const replicas = [...delegations.map((d) => d.replica), ...observers];
  const prints = replicas.map((r) => fingerprint(r));
  return {
    replicasAgree: prints.every((p) => p.canonical === prints[0]!.canonical && p.stateVector === prints[0]!.stateVector && p.attribution === prints[0]!.attribution),
    bareYjsAgrees: bare.every((t) => t === bare[0]),
  };
}

describe('a party naming arbitrary origins cannot split the replicas', () => {
  for (const seed of REGRESSION_SEEDS) {
    it(`regression seed ${seed}`, () => expect(runScenario(seed).replicasAgree, `seed ${seed}`).toBe(true));
  }
  let bareDivergences = 0;
  for (let first = 1; first <= SEEDS; first += 100) {
    const last = Math.min(SEEDS, first + 99);
    it(`seeded attacks ${first}..${last}: replicas agree`, () => {
      for (let seed = first; seed <= last; seed++) {
        const outcome = runScenario(seed);
        expect(outcome.replicasAgree, `seed ${seed}: replicas diverged`).toBe(true);
        if (!outcome.bareYjsAgrees) bareDivergences++;
      }
    });
  }
  it('the attack is real: some of these very updates split bare Yjs', () => {
    expect(bareDivergences, 'the control never diverged: the attack no longer exercises anything').toBeGreaterThan(0);
  });
});


