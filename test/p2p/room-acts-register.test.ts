/**
 * The ActRegister, the room's sorting of acts into what to keep: accepted, held after a gap or
 * before the reservation an objection names (then released, in any order of arrival), forks kept
 * both with evidence, acts naming a block not final yet waiting until it is, duplicates and
 * refusals (culpable or not). Its accepted acts agree with the core's deriveTreatyState whatever
 * the order of arrival (seeded shuffles, the seed in the message).
 */
import { describe, expect, it } from 'vitest';
import { encodeAct, type Act } from '../../src/core/acts/act.js';
import { verifyActEquivocation } from '../../src/core/acts/evidence.js';
import { deriveTreatyState } from '../../src/core/acts/treaty-state.js';
import { toHex } from '../../src/core/bytes.js';
import { ActRegister } from '../../src/p2p/room/act-register.js';
import { createRng } from '../support/rng.js';
import { actors, adopt, day, hashOf, scheme, treaty } from '../core/acts-fixtures.js';

const D = day('2027-02-12');
const hashes = (acts: readonly Act[]): string[] => acts.map((a) => toHex(hashOf(a))).sort();

describe('ActRegister', () => {
  it('accepts a party’s acts in order; holds one after a gap and releases it when the gap fills', () => {
    const t = treaty({ n: 3 });
    const [a] = actors(t);
    const register = new ActRegister(t.ledger, scheme);
    const sign = a!.act({ kind: 'definitive-signature' }, D);
    const ratify = a!.act({ kind: 'consent', instrument: 'ratification' }, D);

    const held = register.receive(ratify);
    expect(held).toMatchObject({ kind: 'held', code: 'gap' });
    expect(register.status(hashOf(ratify))).toBe('held');
    expect(register.holds().get(a!.party)).toBe(0);
    expect(deriveTreatyState(t.view(), register.all().map((k) => k.act), scheme).gaps).toEqual([{ party: a!.party, missingSeq: 0, heldBeyond: 1 }]);

    const filled = register.receive(sign);
    expect(filled.kind).toBe('accepted');
    expect(filled.kind === 'accepted' && filled.kept.map((k) => k.act.seq)).toEqual([0, 1]);
    expect(register.status(hashOf(ratify))).toBe('accepted');
    expect(register.chainOf(a!.party)).toHaveLength(2);
    expect(register.receive(ratify)).toEqual({ kind: 'duplicate' });
    expect(register.receive(sign)).toEqual({ kind: 'duplicate' });
  });

  it('holds an objection until the reservation it names arrives from another party', () => {
    const t = treaty({ n: 3 });
    const [a, b] = actors(t);
    const register = new ActRegister(t.ledger, scheme);
    const aSign = a!.act({ kind: 'definitive-signature' }, D);
    const reservation = a!.act({ kind: 'reservation', ref: hashOf(aSign), text: 'Article 3 does not apply to our territories.' }, D);
    const objection = b!.act({ kind: 'objection', ref: hashOf(reservation), text: 'We object.', precludesEntryIntoForceBetween: true }, D);
    expect(register.receive(objection)).toMatchObject({ kind: 'held', code: 'unknown-reference' });
    expect(register.receive(aSign).kind).toBe('accepted');
    const released = register.receive(reservation);
    expect(released.kind === 'accepted' && released.kept.map((k) => k.act.kind)).toEqual(['reservation', 'objection']);
  });

  it('keeps two acts under one seq as a fork, with evidence the culprit’s key verifies; later copies are not fresh', () => {
    const t = treaty({ n: 3 });
    const [a] = actors(t);
    const register = new ActRegister(t.ledger, scheme);
    const first = a!.draft({ kind: 'definitive-signature' }, D);
    const second = a!.draft({ kind: 'initialling' }, D);
    expect(register.receive(first).kind).toBe('accepted');
    const fork = register.receive(second);
    expect(fork).toMatchObject({ kind: 'fork', fresh: true });
    if (fork.kind !== 'fork') throw new Error('expected a fork');
    expect(verifyActEquivocation(fork.evidence, a!.who.spec.publicKey, scheme)).toEqual({ ok: true, value: a!.party });
    expect(register.receive(second)).toMatchObject({ kind: 'fork', fresh: false });
    expect(register.forks()).toHaveLength(1);
    expect(register.status(hashOf(second))).toBe('fork');
    expect(hashes(register.all().map((k) => k.act))).toEqual(hashes([first, second]));
    // Two held acts under one seq (both after a gap) are a fork too.
    const [, b] = actors(t);
    b!.act({ kind: 'initialling' }, D);
    const x = b!.draft({ kind: 'definitive-signature' }, D);
    const y = b!.draft({ kind: 'signature-ad-referendum' }, D);
    expect(register.receive(x).kind).toBe('held');
    expect(register.receive(y)).toMatchObject({ kind: 'fork', fresh: true });
  });

  it('refuses forged acts as culpable; after a party forked, its acts that break the rules are not held against the forwarder', () => {
    const t = treaty({ n: 3 });
    const [a, b] = actors(t);
    const register = new ActRegister(t.ledger, scheme);
    const forged = { ...a!.draft({ kind: 'definitive-signature' }, D), signature: b!.draft({ kind: 'definitive-signature' }, D).signature };
    expect(register.receive(forged)).toMatchObject({ kind: 'refused', code: 'bad-signature', culpable: true });
    expect(register.receiveBytes(Uint8Array.of(1, 2, 3))).toMatchObject({ kind: 'refused', code: 'malformed', culpable: true });
    const early = a!.draft({ kind: 'consent', instrument: 'ratification' }, D);
    expect(register.receive(early)).toMatchObject({ kind: 'refused', code: 'needs-signature', culpable: true });
    const initialling = a!.draft({ kind: 'initialling' }, D);
    expect(register.receive(initialling).kind).toBe('accepted');
    expect(register.receive(a!.draft({ kind: 'definitive-signature' }, D)).kind).toBe('fork');
    const afterFork = a!.draft({ kind: 'consent', instrument: 'ratification' }, D, t.block, { seq: 1, previous: hashOf(initialling) });
    expect(register.receive(afterFork)).toMatchObject({ kind: 'refused', code: 'needs-signature', culpable: false });
    // Another party's rule-breaking act still costs its forwarder.
    expect(register.receive(b!.draft({ kind: 'consent', instrument: 'ratification' }, D))).toMatchObject({ kind: 'refused', culpable: true });
  });

  it('lets an act naming a block not final here wait, and judges it again once the block is appended', () => {
    const t = treaty({ n: 3 });
    const [a] = actors(t);
    const behind = new ActRegister(t.ledger, scheme);
    const later = treaty({ n: 3 }); // same parties and charter: the same negotiation, one block further
    const block = adopt(later.ledger, later.parties, 'Article 1. Version 2.');
    const actor = actors(later)[0]!;
    const act = actor.act({ kind: 'definitive-signature' }, D, block);
    expect(behind.receive(act)).toMatchObject({ kind: 'waiting' });
    expect(behind.waitingCount).toBe(1);
    expect(behind.retryWaiting()).toEqual([{ kind: 'waiting', reason: expect.any(String) }]);
    adopt(t.ledger, t.parties, 'Article 1. Version 2.');
    const [retried] = behind.retryWaiting();
    expect(retried?.kind).toBe('accepted');
    expect(behind.waitingCount).toBe(0);
    expect(a!.party).toBe(actor.party);
  });

  it('bounds what it waits for and holds', () => {
    const t = treaty({ n: 3 });
    const [a] = actors(t);
    const register = new ActRegister(t.ledger, scheme, { maxHeld: 2, maxWaiting: 1 });
    a!.act({ kind: 'initialling' }, D); // seq 0, never delivered
    const held = [1, 2, 3].map(() => a!.act({ kind: 'declaration', ref: new Uint8Array(32), text: 'x' }, D));
    expect(register.receive(held[0]!).kind).toBe('held');
    expect(register.receive(held[1]!).kind).toBe('held');
    expect(register.receive(held[2]!).kind).toBe('waiting'); // over the cap: not kept, catch-up brings it again
    expect(register.all()).toHaveLength(2);
  });

  it('accepts the same acts, and derives the same state, whatever order they arrive in', () => {
    const t = treaty({ n: 4 });
    const [a, b, c, d] = actors(t);
    const aSign = a!.act({ kind: 'definitive-signature' }, day('2027-01-10'));
    const acts: Act[] = [
      aSign,
      a!.act({ kind: 'reservation', ref: hashOf(aSign), text: 'Reserved.' }, day('2027-01-10')),
      a!.act({ kind: 'consent', instrument: 'ratification' }, day('2027-02-01')),
      b!.act({ kind: 'signature-ad-referendum' }, day('2027-01-11')),
    ];
    const bConfirm = b!.act({ kind: 'confirmation', ref: hashOf(acts[3]!) }, day('2027-01-20'));
    acts.push(bConfirm, b!.act({ kind: 'objection', ref: hashOf(acts[1]!), text: 'No.', precludesEntryIntoForceBetween: false }, day('2027-01-21')));
    acts.push(b!.act({ kind: 'consent', instrument: 'approval' }, day('2027-02-02')), c!.act({ kind: 'consent', instrument: 'accession' }, day('2027-02-03')));
    acts.push(d!.act({ kind: 'definitive-signature' }, day('2027-01-12')), d!.act({ kind: 'consent', instrument: 'acceptance' }, day('2027-02-12')));
    const expected = deriveTreatyState(t.view(), acts, scheme);
    for (let seed = 1; seed <= 20; seed++) {
      const register = new ActRegister(t.ledger, scheme);
      for (const act of createRng(seed).shuffle([...acts])) register.receiveBytes(encodeAct(act));
      const kept = register.all().map((k) => k.act);
      expect(hashes(kept), `seed ${seed}`).toEqual(hashes(expected.accepted));
      expect(deriveTreatyState(t.view(), kept, scheme).versions, `seed ${seed}`).toEqual(expected.versions);
    }
    expect(expected.versions[0]!.status).toBe('in-force');
  });
});
