import { describe, expect, it } from 'vitest';
import { toHex } from '../../src/core/bytes.js';
import { actMessage, type Act, type ActPayload } from '../../src/core/acts/act.js';
import { ActBook, checkAct, type ActRejectionCode } from '../../src/core/acts/index.js';
import { verifyActEquivocation } from '../../src/core/acts/evidence.js';
import { admission, delegation, headerFor } from '../support/ledger-fixtures.js';
import { signVote } from '../../src/core/ledger/vote.js';
import { headerHashOf } from '../../src/core/ledger/header.js';
import { Actor, actors, adopt, day, hashOf, scheme, treaty, type Treaty } from './acts-fixtures.js';

const D = day('2016-04-22');
const sar: ActPayload = { kind: 'signature-ad-referendum' };
const definitive: ActPayload = { kind: 'definitive-signature' };
const initialling: ActPayload = { kind: 'initialling' };
const ratification: ActPayload = { kind: 'consent', instrument: 'ratification' };
const accession: ActPayload = { kind: 'consent', instrument: 'accession' };
const denunciation: ActPayload = { kind: 'denunciation' };
const reservation = (ref: Uint8Array, text = 'Article 4 shall not apply to our territorial waters.'): ActPayload => ({ kind: 'reservation', ref, text });
const declaration = (ref: Uint8Array): ActPayload => ({ kind: 'declaration', ref, text: 'We understand "vessel" to exclude warships.' });
const objection = (ref: Uint8Array, precludes = false): ActPayload => ({ kind: 'objection', ref, text: 'The reservation is incompatible with the object and purpose.', precludesEntryIntoForceBetween: precludes });
const withdrawal = (ref: Uint8Array): ActPayload => ({ kind: 'withdrawal', ref });
const confirmation = (ref: Uint8Array): ActPayload => ({ kind: 'confirmation', ref });

interface Case {
  readonly name: string;
  readonly versions?: number;
  /** Acts accepted first, then the act under test and what checkAct must say. */
  readonly build: (a: readonly Actor[], t: Treaty) => { prior: Act[]; act: Act };
  readonly expect: 'ok' | ActRejectionCode;
}

/** A signature then `payload` by party 0. */
const afterSignature = (payload: (sig: Uint8Array) => ActPayload) => (a: readonly Actor[]) => {
  const sig = a[0]!.act(definitive, D);
  return { prior: [sig], act: a[0]!.draft(payload(hashOf(sig)), D) };
};

const cases: Case[] = [
  // Every kind in its valid form.
  { name: 'initialling', build: (a) => ({ prior: [], act: a[0]!.draft(initialling, D) }), expect: 'ok' },
  { name: 'signature ad referendum after initialling', build: (a) => ({ prior: [a[0]!.act(initialling, D)], act: a[0]!.draft(sar, D + 1) }), expect: 'ok' },
  { name: 'definitive signature', build: (a) => ({ prior: [], act: a[0]!.draft(definitive, D) }), expect: 'ok' },
  {
    name: 'confirmation of its own signature ad referendum',
    build: (a) => {
      const s = a[0]!.act(sar, D);
      return { prior: [s], act: a[0]!.draft(confirmation(hashOf(s)), D + 90) };
    },
    expect: 'ok',
  },
  { name: 'ratification after a definitive signature', build: afterSignature(() => ratification), expect: 'ok' },
  { name: 'approval after a definitive signature', build: afterSignature(() => ({ kind: 'consent', instrument: 'approval' })), expect: 'ok' },
  {
    name: 'acceptance after a confirmed signature ad referendum',
    build: (a) => {
      const s = a[0]!.act(sar, D);
      const c = a[0]!.act(confirmation(hashOf(s)), D + 1);
      return { prior: [s, c], act: a[0]!.draft({ kind: 'consent', instrument: 'acceptance' }, D + 2) };
    },
    expect: 'ok',
  },
  { name: 'accession by a party that only initialled', build: (a) => ({ prior: [a[0]!.act(initialling, D)], act: a[0]!.draft(accession, D) }), expect: 'ok' },
  { name: 'reservation attached to its signature', build: afterSignature((s) => reservation(s)), expect: 'ok' },
  {
    name: 'reservation attached to its consent',
    build: (a) => {
      const s = a[0]!.act(definitive, D);
      const c = a[0]!.act(ratification, D);
      return { prior: [s, c], act: a[0]!.draft(reservation(hashOf(c)), D) };
    },
    expect: 'ok',
  },
  {
    name: 'declaration attached to its signature ad referendum',
    build: (a) => {
      const s = a[0]!.act(sar, D);
      return { prior: [s], act: a[0]!.draft(declaration(hashOf(s)), D) };
    },
    expect: 'ok',
  },
  {
    name: "objection to another party's reservation",
    build: (a) => {
      const s = a[1]!.act(definitive, D);
      const r = a[1]!.act(reservation(hashOf(s)), D);
      return { prior: [s, r], act: a[0]!.draft(objection(hashOf(r), true), D + 3) };
    },
    expect: 'ok',
  },
  {
    name: 'withdrawal of its own reservation',
    build: (a) => {
      const s = a[0]!.act(definitive, D);
      const r = a[0]!.act(reservation(hashOf(s)), D);
      return { prior: [s, r], act: a[0]!.draft(withdrawal(hashOf(r)), D + 400) };
    },
    expect: 'ok',
  },
  {
    name: 'withdrawal of its own objection',
    build: (a) => {
      const s = a[1]!.act(definitive, D);
      const r = a[1]!.act(reservation(hashOf(s)), D);
      const o = a[0]!.act(objection(hashOf(r)), D);
      return { prior: [s, r, o], act: a[0]!.draft(withdrawal(hashOf(o)), D) };
    },
    expect: 'ok',
  },
  {
    name: 'denunciation by a party that consented',
    build: (a) => {
      const s = a[0]!.act(definitive, D);
      const c = a[0]!.act(ratification, D);
      return { prior: [s, c], act: a[0]!.draft(denunciation, D + 3650) };
    },
    expect: 'ok',
  },
  {
    name: 'an act on a later version after denouncing an earlier one',
    versions: 1,
    build: (a, t) => {
      const s = a[0]!.act(definitive, D);
      const c = a[0]!.act(ratification, D);
      const d = a[0]!.act(denunciation, D);
      return { prior: [s, c, d], act: a[0]!.draft(definitive, D, laterVersion(t)) };
    },
    expect: 'ok',
  },

  // Each refused form.
  { name: 'initialling twice', build: (a) => ({ prior: [a[0]!.act(initialling, D)], act: a[0]!.draft(initialling, D) }), expect: 'already-done' },
  { name: 'initialling after signing', build: (a) => ({ prior: [a[0]!.act(definitive, D)], act: a[0]!.draft(initialling, D) }), expect: 'already-done' },
  { name: 'signing ad referendum twice', build: (a) => ({ prior: [a[0]!.act(sar, D)], act: a[0]!.draft(sar, D) }), expect: 'already-done' },
  { name: 'signing definitively after signing ad referendum', build: (a) => ({ prior: [a[0]!.act(sar, D)], act: a[0]!.draft(definitive, D) }), expect: 'already-done' },
  { name: 'signing definitively twice', build: (a) => ({ prior: [a[0]!.act(definitive, D)], act: a[0]!.draft(definitive, D) }), expect: 'already-done' },
  { name: 'signing after acceding', build: (a) => ({ prior: [a[0]!.act(accession, D)], act: a[0]!.draft(definitive, D) }), expect: 'already-done' },
  { name: 'confirming a definitive signature', build: afterSignature((s) => confirmation(s)), expect: 'bad-reference' },
  { name: 'confirming an act that does not exist', build: (a) => ({ prior: [a[0]!.act(sar, D)], act: a[0]!.draft(confirmation(new Uint8Array(32).fill(9)), D) }), expect: 'bad-reference' },
  {
    name: "confirming another party's signature ad referendum",
    build: (a) => {
      const s = a[1]!.act(sar, D);
      return { prior: [s], act: a[0]!.draft(confirmation(hashOf(s)), D) };
    },
    expect: 'bad-reference',
  },
  {
    name: 'confirming twice',
    build: (a) => {
      const s = a[0]!.act(sar, D);
      const c = a[0]!.act(confirmation(hashOf(s)), D);
      return { prior: [s, c], act: a[0]!.draft(confirmation(hashOf(s)), D) };
    },
    expect: 'already-done',
  },
  {
    name: 'confirming a signature ad referendum of another version',
    versions: 1,
    build: (a, t) => {
      const s = a[0]!.act(sar, D);
      return { prior: [s], act: a[0]!.draft(confirmation(hashOf(s)), D, laterVersion(t)) };
    },
    expect: 'bad-reference',
  },
  { name: 'ratifying without a signature', build: (a) => ({ prior: [a[0]!.act(initialling, D)], act: a[0]!.draft(ratification, D) }), expect: 'needs-signature' },
  { name: 'ratifying an unconfirmed signature ad referendum', build: (a) => ({ prior: [a[0]!.act(sar, D)], act: a[0]!.draft(ratification, D) }), expect: 'needs-signature' },
  {
    name: 'consenting twice',
    build: (a) => {
      const s = a[0]!.act(definitive, D);
      const c = a[0]!.act(ratification, D);
      return { prior: [s, c], act: a[0]!.draft({ kind: 'consent', instrument: 'approval' }, D) };
    },
    expect: 'already-done',
  },
  { name: 'acceding after signing', build: (a) => ({ prior: [a[0]!.act(definitive, D)], act: a[0]!.draft(accession, D) }), expect: 'signed-cannot-accede' },
  { name: 'acceding after signing ad referendum', build: (a) => ({ prior: [a[0]!.act(sar, D)], act: a[0]!.draft(accession, D) }), expect: 'signed-cannot-accede' },
  {
    name: 'a reservation attached to an initialling',
    build: (a) => {
      const i = a[0]!.act(initialling, D);
      return { prior: [i], act: a[0]!.draft(reservation(hashOf(i)), D) };
    },
    expect: 'bad-reference',
  },
  {
    name: "a reservation attached to another party's signature",
    build: (a) => {
      const s = a[1]!.act(definitive, D);
      return { prior: [s], act: a[0]!.draft(reservation(hashOf(s)), D) };
    },
    expect: 'bad-reference',
  },
  {
    name: 'a declaration attached to a signature on another version',
    versions: 1,
    build: (a, t) => {
      const s = a[0]!.act(definitive, D);
      return { prior: [s], act: a[0]!.draft(declaration(hashOf(s)), D, laterVersion(t)) };
    },
    expect: 'bad-reference',
  },
  {
    name: 'an objection to its own reservation',
    build: (a) => {
      const s = a[0]!.act(definitive, D);
      const r = a[0]!.act(reservation(hashOf(s)), D);
      return { prior: [s, r], act: a[0]!.draft(objection(hashOf(r)), D) };
    },
    expect: 'bad-reference',
  },
  { name: 'an objection to a reservation not held', build: (a) => ({ prior: [], act: a[0]!.draft(objection(new Uint8Array(32).fill(3)), D) }), expect: 'unknown-reference' },
  {
    name: "an objection to another party's declaration",
    build: (a) => {
      const s = a[1]!.act(definitive, D);
      const d = a[1]!.act(declaration(hashOf(s)), D);
      return { prior: [s, d], act: a[0]!.draft(objection(hashOf(d)), D) };
    },
    expect: 'bad-reference',
  },
  {
    name: 'an objection, on one version, to a reservation on another',
    versions: 1,
    build: (a, t) => {
      const s = a[1]!.act(definitive, D);
      const r = a[1]!.act(reservation(hashOf(s)), D);
      return { prior: [s, r], act: a[0]!.draft(objection(hashOf(r)), D, laterVersion(t)) };
    },
    expect: 'bad-reference',
  },
  {
    name: 'objecting twice to one reservation',
    build: (a) => {
      const s = a[1]!.act(definitive, D);
      const r = a[1]!.act(reservation(hashOf(s)), D);
      const o = a[0]!.act(objection(hashOf(r)), D);
      return { prior: [s, r, o], act: a[0]!.draft(objection(hashOf(r), true), D) };
    },
    expect: 'already-done',
  },
  { name: 'withdrawing its signature', build: afterSignature((s) => withdrawal(s)), expect: 'bad-reference' },
  {
    name: 'withdrawing a reservation twice',
    build: (a) => {
      const s = a[0]!.act(definitive, D);
      const r = a[0]!.act(reservation(hashOf(s)), D);
      const w = a[0]!.act(withdrawal(hashOf(r)), D);
      return { prior: [s, r, w], act: a[0]!.draft(withdrawal(hashOf(r)), D) };
    },
    expect: 'already-withdrawn',
  },
  {
    name: "withdrawing another party's reservation",
    build: (a) => {
      const s = a[1]!.act(definitive, D);
      const r = a[1]!.act(reservation(hashOf(s)), D);
      return { prior: [s, r], act: a[0]!.draft(withdrawal(hashOf(r)), D) };
    },
    expect: 'bad-reference',
  },
  { name: 'denouncing without consent', build: (a) => ({ prior: [a[0]!.act(definitive, D)], act: a[0]!.draft(denunciation, D) }), expect: 'not-bound' },
  ...(['reservation', 'denunciation', 'withdrawal'] as const).map(
    (kind): Case => ({
      name: `a ${kind} after denouncing`,
      build: (a) => {
        const s = a[0]!.act(definitive, D);
        const c = a[0]!.act(ratification, D);
        const r = a[0]!.act(reservation(hashOf(c)), D);
        const d = a[0]!.act(denunciation, D);
        const payload = kind === 'reservation' ? reservation(hashOf(s)) : kind === 'withdrawal' ? withdrawal(hashOf(r)) : denunciation;
        return { prior: [s, c, r, d], act: a[0]!.draft(payload, D) };
      },
      expect: 'denounced',
    }),
  ),
  { name: 'a date before the previous act', build: (a) => ({ prior: [a[0]!.act(initialling, D)], act: a[0]!.draft(definitive, D - 1) }), expect: 'date-backwards' },
  {
    name: 'a date before the previous act on another version',
    versions: 1,
    build: (a, t) => ({ prior: [a[0]!.act(initialling, D, laterVersion(t))], act: a[0]!.draft(definitive, D - 1) }),
    expect: 'date-backwards',
  },
  { name: 'a gap: act 1 before act 0', build: (a) => ({ prior: [], act: a[0]!.draft(definitive, D, undefined, { seq: 1, previous: new Uint8Array(32).fill(1) }) }), expect: 'gap' },
  { name: 'a previous that is not act 0', build: (a) => ({ prior: [a[0]!.act(initialling, D)], act: a[0]!.draft(definitive, D, undefined, { previous: new Uint8Array(32).fill(1) }) }), expect: 'bad-previous' },
  {
    name: 'the same act again',
    build: (a) => {
      const i = a[0]!.act(initialling, D);
      return { prior: [i], act: i };
    },
    expect: 'duplicate',
  },
  { name: 'another act at a seq held', build: (a) => ({ prior: [a[0]!.act(initialling, D)], act: a[0]!.draft(definitive, D, undefined, { seq: 0, previous: new Uint8Array(32) }) }), expect: 'fork' },
  { name: 'an unknown block', build: (a) => ({ prior: [], act: a[0]!.draft(definitive, D, new Uint8Array(32).fill(7)) }), expect: 'unknown-block' },
  { name: 'another negotiation', build: (a) => ({ prior: [], act: a[0]!.draft(definitive, D, undefined, { negotiation: 'ab'.repeat(32) as Act['negotiation'] }) }), expect: 'wrong-negotiation' },
  {
    name: 'a signature by another key',
    build: (a) => {
      const mine = a[0]!.draft(definitive, D);
      return { prior: [], act: { ...mine, signature: a[1]!.who.signer.sign(actMessage(mine)) } };
    },
    expect: 'bad-signature',
  },
  { name: 'empty reservation text', build: (a) => ({ prior: [], act: unsignedShape(a[0]!, reservation(new Uint8Array(32), '  ')) }), expect: 'malformed' },
  { name: 'reservation text over the cap', build: (a) => ({ prior: [], act: unsignedShape(a[0]!, reservation(new Uint8Array(32), 'x'.repeat(20_001))) }), expect: 'malformed' },
  { name: 'a date beyond u32', build: (a) => ({ prior: [], act: unsignedShape(a[0]!, definitive, { date: 2 ** 32 }) }), expect: 'malformed' },
  { name: 'seq 0 naming a previous act', build: (a) => ({ prior: [], act: unsignedShape(a[0]!, definitive, { previous: new Uint8Array(32).fill(1) }) }), expect: 'malformed' },
];

/** An act that cannot be signed as it stands (signAct refuses it): a zero signature. */
function unsignedShape(actor: Actor, payload: ActPayload, over: Partial<Act> = {}): Act {
  return { negotiation: actor.treaty.ledger.negotiation, party: actor.party, seq: 0, previous: new Uint8Array(32), block: actor.treaty.block, date: D, ...payload, signature: new Uint8Array(64), ...over } as Act;
}

function laterVersion(t: Treaty): Uint8Array {
  return t.view().versions[1]!.block;
}

describe('checkAct: every kind, valid and refused', () => {
  const fixtures = new Map<number, Treaty>();
  const treatyWith = (versions: number): Treaty => {
    let t = fixtures.get(versions);
    if (!t) fixtures.set(versions, (t = treaty({ n: 3, versions })));
    return t;
  };

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const t = treatyWith(c.versions ?? 0);
    const view = t.view();
    const book = new ActBook();
    const { prior, act } = c.build(actors(t), t);
    for (const p of prior) {
      const taken = book.receive(p, view, scheme);
      expect(taken.ok ? 'ok' : `${taken.error.code}: ${taken.error.reason}`, `prior ${p.kind}`).toBe('ok');
    }
    const result = checkAct(act, { view, scheme, accepted: book });
    expect(result.ok ? 'ok' : result.error.code, result.ok ? '' : result.error.reason).toBe(c.expect);
    if (result.ok) expect(toHex(result.value)).toBe(toHex(hashOf(act)));
  });

  it('a fork carries evidence that convicts the party with its key alone', () => {
    const t = treatyWith(0);
    const [a] = actors(t);
    const book = new ActBook();
    const first = a!.act(initialling, D);
    expect(book.receive(first, t.view(), scheme).ok).toBe(true);
    const second = a!.draft(definitive, D, undefined, { seq: 0, previous: new Uint8Array(32) });
    const result = book.receive(second, t.view(), scheme);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('fork');
    expect(verifyActEquivocation(result.error.evidence!, a!.who.spec.publicKey, scheme)).toEqual({ ok: true, value: a!.party });
    expect(verifyActEquivocation(result.error.evidence!, t.parties[1]!.spec.publicKey, scheme).ok).toBe(false);
    expect(verifyActEquivocation({ first, second: first }, a!.who.spec.publicKey, scheme).ok).toBe(false);
  });

  it('the same act with other signature bytes is a duplicate, not a fork', () => {
    const t = treatyWith(0);
    const [a] = actors(t);
    const book = new ActBook();
    const act = a!.act(initialling, D);
    book.receive(act, t.view(), scheme);
    const other = { ...act, signature: new Uint8Array(64).fill(5) };
    const result = checkAct(other, { view: t.view(), scheme, accepted: book });
    expect(!result.ok && result.error.code).toBe('duplicate');
  });

  it('a party admitted after the adoption is not a party to that version, but is to a later one', () => {
    const t = treaty({ n: 3, first: 300 });
    const newcomer = delegation(399, 1, 'Newcomer');
    const body = admission(t.ledger, newcomer.spec);
    const header = headerFor(t.ledger, body);
    const proposed = t.ledger.propose(header, body);
    if (!proposed.ok) throw new Error(proposed.error.reason);
    for (const p of t.parties) t.ledger.receiveVote(signVote(p.signer, t.ledger.negotiation, header.height, 0, proposed.value.headerHash));
    expect(t.ledger.height).toBe(2);
    const later = adopt(t.ledger, [...t.parties, newcomer], 'Article 1. As amended.');
    const n = new Actor(newcomer, t);
    const view = t.view();
    const early = checkAct(n.draft(definitive, D), { view, scheme, accepted: new ActBook() });
    expect(!early.ok && early.error.code).toBe('not-a-party');
    expect(checkAct(n.draft(definitive, D, later), { view, scheme, accepted: new ActBook() }).ok).toBe(true);
    // The admission block is final but not an adopted version.
    const admit = checkAct(n.draft(definitive, D, headerHashOf(t.ledger.blocks()[1]!.header)), { view, scheme, accepted: new ActBook() });
    expect(!admit.ok && admit.error.code).toBe('unknown-block');
  });
});

describe('checkAct: forgery', () => {
  const t = treaty({ n: 3, versions: 1, first: 200 });
  const view = t.view();
  const [a, b] = actors(t);
  const sig = a!.act(definitive, D);
  const res = a!.act(reservation(hashOf(sig)), D);
  const accepted = (): ActBook => {
    const book = new ActBook();
    for (const x of [sig, res]) book.receive(x, view, scheme);
    const bs = b!.act(definitive, D);
    book.receive(bs, view, scheme);
    book.receive(b!.act(reservation(hashOf(bs)), D), view, scheme);
    return book;
  };
  const book = accepted();
  const target = book.chainOf(b!.party)[1]!;
  const signed = a!.draft(objection(hashOf(target), true), D + 1);
  const flips: [string, Partial<Act>][] = [
    ['date', { date: D + 2 }],
    ['seq', { seq: 3 }],
    ['previous', { previous: hashOf(sig) }],
    ['block', { block: laterVersion(t) }],
    ['kind', { kind: 'reservation' } as Partial<Act>],
    ['ref', { ref: hashOf(res) } as Partial<Act>],
    ['text', { text: 'The reservation is compatible.' } as Partial<Act>],
    ['precludes flag', { precludesEntryIntoForceBetween: false } as Partial<Act>],
    ['party', { party: t.parties[2]!.spec.id }],
    ['signature bit', { signature: signed.signature.map((x, i) => (i === 5 ? x ^ 1 : x)) }],
  ];

  it('the genuine act stands', () => {
    expect(checkAct(signed, { view, scheme, accepted: book })).toMatchObject({ ok: true });
  });

  it.each(flips)('changing the %s after signing breaks the signature', (_field, over) => {
    const forged = { ...signed, ...over } as Act;
    const result = checkAct(forged, { view, scheme, accepted: book });
    expect(result.ok ? 'ok' : result.error.code).toBe('bad-signature');
  });

  it('a consent with another instrument after signing breaks the signature', () => {
    const c = a!.draft(ratification, D);
    const forged = { ...c, instrument: 'accession' } as Act;
    expect(checkAct(forged, { view, scheme, accepted: book })).toMatchObject({ ok: false, error: { code: 'bad-signature' } });
  });
});
