import { describe, expect, it } from 'vitest';
import { toHex } from '../../src/core/bytes.js';
import { actMessage, deriveTreatyState, verifyActEquivocation, type Act, type ActPayload, type TreatyState, type VersionTreatyState } from '../../src/core/acts/index.js';
import { createRng, type Rng } from '../support/rng.js';
import { delegation } from '../support/ledger-fixtures.js';
import { Actor, actors, day, hashOf, scheme, treaty, type Treaty } from './acts-fixtures.js';

const D = day('2016-04-22');
const definitive: ActPayload = { kind: 'definitive-signature' };
const ratification: ActPayload = { kind: 'consent', instrument: 'ratification' };
const accession: ActPayload = { kind: 'consent', instrument: 'accession' };
const denunciation: ActPayload = { kind: 'denunciation' };

const stateOf = (t: Treaty, acts: Iterable<Act>, asOf?: number): TreatyState => deriveTreatyState(t.view(), acts, scheme, asOf === undefined ? {} : { asOf });
const version = (s: TreatyState): VersionTreatyState => s.versions[0]!;
/** Sign and ratify on the given days. */
const ratify = (a: Actor, signed: number, ratified: number): Act[] => [a.act(definitive, signed), a.act(ratification, ratified)];

describe('deriveTreatyState: the default rule (every negotiating party, on the day)', () => {
  const t = treaty({ n: 3, first: 700 });
  const [a, b, c] = actors(t);
  const acts = [...ratify(a!, D, D + 10), ...ratify(b!, D, D + 20), ...ratify(c!, D + 1, D + 35)];

  it('is open for signature before any consent, awaiting entry into force before the last', () => {
    expect(version(stateOf(t, [])).status).toBe('open-for-signature');
    expect(version(stateOf(t, acts.slice(0, 1))).status).toBe('open-for-signature');
    const two = version(stateOf(t, acts.slice(0, 4)));
    expect(two).toMatchObject({ status: 'awaiting-entry-into-force', consents: 2, totalParties: 3 });
    expect(two.inForceSince).toBeUndefined();
  });

  it('enters into force on the day of the last consent, naming that act', () => {
    const s = version(stateOf(t, acts));
    expect(s).toMatchObject({ status: 'in-force', conditionMetOn: D + 35, inForceSince: D + 35, consents: 3, consentWeight: 3, totalWeight: 3 });
    expect(s.conditionMetBy).toEqual({ act: hashOf(acts[5]!), party: c!.party });
    expect(s.parties.map((p) => p.bound)).toEqual([{ since: D + 35 }, { since: D + 35 }, { since: D + 35 }]);
    expect(s.parties[0]).toMatchObject({ signed: true, signature: { kind: 'definitive', date: D }, consent: { instrument: 'ratification', date: D + 10 } });
  });
});

describe('deriveTreatyState: N consents with a delay', () => {
  const t = treaty({ n: 4, first: 710, rule: { kind: 'consents', count: 2, delayDays: 30 } });
  const [a, b, c, d] = actors(t);
  const base = [...ratify(a!, D, day('2016-10-01')), ...ratify(b!, D, day('2016-10-05'))];

  it('is awaiting entry into force until the thirtieth day after, if told the date', () => {
    const met = day('2016-10-05');
    expect(version(stateOf(t, base, day('2016-11-03')))).toMatchObject({ status: 'awaiting-entry-into-force', conditionMetOn: met, inForceSince: day('2016-11-04') });
    expect(version(stateOf(t, base, day('2016-11-04'))).status).toBe('in-force');
    expect(version(stateOf(t, base)).status).toBe('in-force');
  });

  it('a party acceding after entry into force is bound thirty days after its accession (VCLT 24(3))', () => {
    const late = [c!.act({ kind: 'initialling' }, D), c!.act(accession, day('2017-01-10'))];
    const s = version(stateOf(t, [...base, ...late]));
    expect(s.parties.map((p) => p.bound?.since)).toEqual([day('2016-11-04'), day('2016-11-04'), day('2017-02-09'), undefined]);
    expect(s.parties[2]!.consent?.instrument).toBe('accession');
    expect(s.conditionMetBy?.party).toBe(b!.party);
  });

  it('denunciation ends a party\'s being bound; the treaty stays in force below the rule (VCLT 55), and ends when nobody is left', () => {
    const one = [...base, a!.act(denunciation, day('2018-01-01'))];
    const s = version(stateOf(t, one));
    expect(s).toMatchObject({ status: 'in-force', consents: 1 });
    expect(s.parties[0]).toMatchObject({ bound: { since: day('2016-11-04'), until: day('2018-01-31') }, denunciation: { date: day('2018-01-01'), effectiveOn: day('2018-01-31') } });
    const both = [...one, b!.act(denunciation, day('2019-06-01'))];
    expect(version(stateOf(t, both))).toMatchObject({ status: 'terminated', terminatedOn: day('2019-07-01') });
    expect(version(stateOf(t, both, day('2019-06-30'))).status).toBe('in-force');
    void d;
  });
});

describe('deriveTreatyState: reservations, objections, withdrawals', () => {
  const t = treaty({ n: 3, first: 720, rule: { kind: 'consents', count: 1, delayDays: 0 } });
  const [a, b] = actors(t);
  const [sig, consent] = ratify(a!, D, D + 1);
  const res = a!.act({ kind: 'reservation', ref: hashOf(consent!), text: 'Article 9 does not bind us.' }, D + 1);
  const decl = a!.act({ kind: 'declaration', ref: hashOf(sig!), text: 'On signing.' }, D + 1);
  const bSig = b!.act(definitive, D);
  const obj = b!.act({ kind: 'objection', ref: hashOf(res), text: 'We object.', precludesEntryIntoForceBetween: true }, D + 2);
  const acts = [sig!, consent!, res, decl, bSig, obj];

  it('lists reservations, declarations and objections in force, and whom an objection cuts off (VCLT 20(4)(b))', () => {
    const s = version(stateOf(t, acts));
    expect(s.parties[0]!.reservations.map((r) => r.text)).toEqual(['Article 9 does not bind us.']);
    expect(s.parties[0]!.declarations.map((r) => toHex(r.attachedTo))).toEqual([toHex(hashOf(sig!))]);
    expect(s.parties[1]!.objections).toMatchObject([{ reservingParty: a!.party, precludesEntryIntoForceBetween: true }]);
    expect(s.notInForceBetween).toEqual([{ objector: b!.party, reservingParty: a!.party, objection: hashOf(obj) }]);
  });

  it('a withdrawn reservation or objection is no longer in force', () => {
    const withdrawn = [...acts, a!.draft({ kind: 'withdrawal', ref: hashOf(res) }, D + 3)];
    const s = version(stateOf(t, withdrawn));
    expect(s.parties[0]!.reservations).toEqual([]);
    expect(s.parties[1]!.objections).toHaveLength(1); // still made, but it cuts nobody off
    expect(s.notInForceBetween).toEqual([]);
    const objectionWithdrawn = [...acts, b!.draft({ kind: 'withdrawal', ref: hashOf(obj) }, D + 3)];
    expect(version(stateOf(t, objectionWithdrawn)).parties[1]!.objections).toEqual([]);
  });

  it('an objection counts once the reservation does, whichever party comes first; not if the reservation never counts', () => {
    expect(stateOf(t, [...acts].reverse()).accepted).toHaveLength(6);
    // Without a's consent the reservation cannot attach; a's chain stops there, and b's objection with it.
    const s = stateOf(t, [sig!, res, decl, bSig, obj]);
    expect(s.accepted.map((x) => x.kind)).toEqual(expect.arrayContaining(['definitive-signature', 'definitive-signature']));
    expect(s.accepted).toHaveLength(2);
    expect(s.gaps).toEqual([{ party: a!.party, missingSeq: 1, heldBeyond: 2 }]);
    expect(s.refused).toMatchObject([{ code: 'unknown-reference', act: { party: b!.party, seq: 1 } }]);
  });
});

describe('deriveTreatyState: objections across chains', () => {
  it('an objection by a party whose id sorts before the reserving party still counts', () => {
    {
      const t = treaty({ n: 2, first: 750, rule: { kind: 'consents', count: 1, delayDays: 0 } });
      const [x, y] = actors(t).sort((p, q) => (p.party < q.party ? -1 : 1));
      // y (later in id order) reserves; x (earlier) objects: x's chain must wait for y's.
      const ySig = y!.act(definitive, D);
      const yRes = y!.act({ kind: 'reservation', ref: hashOf(ySig), text: 'Reserved.' }, D);
      const xObj = x!.act({ kind: 'objection', ref: hashOf(yRes), text: 'Objected.', precludesEntryIntoForceBetween: false }, D);
      const s = stateOf(t, [xObj, yRes, ySig]);
      expect(s.accepted).toHaveLength(3);
      expect(s.refused).toEqual([]);
    }
  });
});

describe('deriveTreatyState: gaps, forks and forgeries', () => {
  const t = treaty({ n: 3, first: 730, rule: { kind: 'consents', count: 1, delayDays: 0 } });

  it('a gap: acts beyond a missing one do not count, and the gap is reported', () => {
    const [a] = actors(t);
    const s0 = a!.act({ kind: 'initialling' }, D);
    a!.act(definitive, D); // withheld
    const s2 = a!.act(ratification, D + 1);
    const s = stateOf(t, [s0, s2]);
    expect(s.accepted).toEqual([s0]);
    expect(s.gaps).toEqual([{ party: a!.party, missingSeq: 1, heldBeyond: 1 }]);
    expect(version(s).status).toBe('open-for-signature');
  });

  it('a fork: two acts at one seq are evidence; nothing from that seq on counts', () => {
    const [a] = actors(t);
    const sig = a!.act(definitive, D);
    const forkA = a!.draft(ratification, D + 1);
    const forkB = a!.draft({ kind: 'initialling' }, D + 1);
    const s = stateOf(t, [sig, forkB, forkA]);
    expect(s.accepted).toEqual([sig]);
    expect(s.forks).toHaveLength(1);
    expect(verifyActEquivocation(s.forks[0]!, t.parties[0]!.spec.publicKey, scheme).ok).toBe(true);
    expect(stateOf(t, [forkA, sig, forkB]).forks).toEqual(s.forks);
  });

  it('refuses forgeries, other negotiations and strangers, and counts the genuine acts', () => {
    const [a, b] = actors(t);
    const genuine = ratify(a!, D, D);
    const forged = { ...b!.draft(definitive, D), signature: a!.who.signer.sign(actMessage(b!.draft(definitive, D))) };
    const elsewhere = { ...b!.draft(definitive, D, undefined, { negotiation: 'cd'.repeat(32) as Act['negotiation'] }) };
    const stranger = new Actor(delegation(799), t).draft(definitive, D);
    const s = stateOf(t, [forged, ...genuine, elsewhere, stranger]);
    expect(s.accepted).toEqual(genuine);
    expect(s.refused.map((r) => r.code).sort()).toEqual(['bad-signature', 'not-a-party', 'wrong-negotiation']);
  });

  it('the same act with other signature bytes is one act', () => {
    const [a] = actors(t);
    const sig = a!.act(definitive, D);
    const copy = { ...sig, signature: sig.signature.map((x) => x) };
    expect(stateOf(t, [sig, copy]).accepted).toEqual([sig]);
  });
});

/** A random negotiation's acts: valid scripts for each party, objections across parties, noise. */
function scenario(t: Treaty, rng: Rng): Act[] {
  const out: Act[] = [];
  const reservations: { party: string; hash: Uint8Array }[] = [];
  const list = actors(t);
  const dates = new Map(list.map((a) => [a.party, D + rng.int(30)]));
  const next = (a: Actor): number => {
    const d = dates.get(a.party)! + rng.int(40);
    dates.set(a.party, d);
    return d;
  };
  const add = (a: Actor, p: ActPayload): Act => {
    const act = a.act(p, next(a));
    out.push(act);
    return act;
  };
  for (const a of list) {
    if (rng.chance(0.3)) add(a, { kind: 'initialling' });
    if (rng.chance(0.2)) {
      if (rng.chance(0.7)) add(a, accession);
      continue;
    }
    let signature: Act;
    if (rng.chance(0.5)) {
      const s = add(a, { kind: 'signature-ad-referendum' });
      if (rng.chance(0.3)) continue;
      signature = add(a, { kind: 'confirmation', ref: hashOf(s) });
    } else signature = add(a, definitive);
    if (rng.chance(0.4)) reservations.push({ party: a.party, hash: hashOf(add(a, { kind: 'reservation', ref: hashOf(signature), text: `Reservation ${rng.int(100)}` })) });
    if (rng.chance(0.8)) add(a, { kind: 'consent', instrument: rng.pick(['ratification', 'acceptance', 'approval'] as const) });
  }
  for (const a of list) {
    for (const r of reservations) {
      if (r.party === a.party || !rng.chance(0.5)) continue;
      const o = add(a, { kind: 'objection', ref: r.hash, text: 'Objection', precludesEntryIntoForceBetween: rng.chance(0.5) });
      if (rng.chance(0.3)) add(a, { kind: 'withdrawal', ref: hashOf(o) });
    }
    if (rng.chance(0.15)) add(a, denunciation);
  }
  // Noise: a withheld act, a fork, a forgery, a duplicate copy.
  if (rng.chance(0.3) && out.length > 0) out.splice(rng.int(out.length), 1);
  if (rng.chance(0.3)) {
    const a = rng.pick(list);
    const seq = rng.int(a.seq + 1);
    out.push(a.draft({ kind: 'initialling' }, D, undefined, { seq, previous: seq === 0 ? new Uint8Array(32) : new Uint8Array(32).fill(1 + rng.int(255)) }));
  }
  if (rng.chance(0.3) && out.length > 0) {
    const victim = rng.pick(out);
    out.push({ ...victim, date: victim.date + 1 } as Act);
  }
  if (rng.chance(0.3) && out.length > 0) out.push(rng.pick(out));
  return out;
}

/** The state as comparable text: bytes as hex. */
const canonical = (s: TreatyState): string => JSON.stringify(s, (_k, v: unknown) => (v instanceof Uint8Array ? toHex(v) : v));

describe('deriveTreatyState: the same state whatever the order', () => {
  const t = treaty({ weights: [3, 1, 2, 1, 5], first: 740, rule: { kind: 'consents-and-weight', count: 2, weightShare: { num: 1, den: 2 }, delayDays: 30 } });

  it('for random negotiations, in shuffled orders', () => {
    let inForce = 0;
    let withForks = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const rng = createRng(seed);
      const acts = scenario(t, rng);
      const expected = canonical(stateOf(t, acts));
      const s = stateOf(t, acts);
      if (version(s).status === 'in-force') inForce++;
      if (s.forks.length > 0) withForks++;
      for (let k = 0; k < 6; k++) expect(canonical(stateOf(t, rng.shuffle([...acts]))), `seed ${seed}, shuffle ${k}`).toBe(expected);
    }
    // The scenarios reach the cases that matter.
    expect(inForce).toBeGreaterThan(5);
    expect(withForks).toBeGreaterThan(3);
  });
});
