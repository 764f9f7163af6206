import { describe, expect, it } from 'vitest';
import { equalBytes, toHex } from '../../src/core/bytes.js';
import { taggedHash } from '../../src/core/hash.js';
import { negotiationIdToBytes, nobleEd25519 } from '../../src/core/identity.js';
import { bodyHashOf, type BlockBody } from '../../src/core/ledger/body.js';
import { textHash } from '../../src/core/hash.js';
import { decodeBlock, encodeBlock } from '../../src/core/ledger/block.js';
import { verifyChain } from '../../src/core/ledger/chain.js';
import { verifyEvidence } from '../../src/core/ledger/evidence.js';
import { headerHashOf } from '../../src/core/ledger/header.js';
import type { Ledger } from '../../src/core/ledger/ledger.js';
import { NIL, describeTarget, signVote, voteMessage } from '../../src/core/ledger/vote.js';
import { VotingRecord } from '../../src/core/ledger/voting-record.js';
import { admission, allRules, consensus, currentRoomKey, delegation, headerFor, negotiation, openLedger, qualified, removal, scheme, textBody, type Delegation } from '../support/ledger-fixtures.js';
import { sealForParties } from '../../src/core/room/sealed-keys.js';
import { nextRoomKey } from '../../src/core/room/room-key.js';

function proposeOk(ledger: Ledger, body: BlockBody, round = 0, proposer?: Delegation) {
  const header = headerFor(ledger, body, round, proposer);
  const result = ledger.propose(header, body);
  if (!result.ok) throw new Error(result.error.reason);
  return { header, hash: result.value.headerHash, result: result.value };
}

const vote = (ledger: Ledger, who: Delegation, target: Uint8Array, round = 0, height = ledger.height + 1) =>
  ledger.receiveVote(signVote(who.signer, ledger.negotiation, height, round, target));

describe('Ledger: deciding by the charter rule', () => {
  it('finalizes a consensus adoption when the last party signs, and chains it to the genesis', () => {
    const n = negotiation({ n: 3 });
    const ledger = openLedger(n);
    const { header, hash } = proposeOk(ledger, textBody('Article 1. The Parties shall cooperate.'));
    expect(equalBytes(header.prevHash, negotiationIdToBytes(ledger.negotiation))).toBe(true);
    expect(vote(ledger, n.parties[0]!, hash)).toEqual({ status: 'accepted' });
    expect(vote(ledger, n.parties[1]!, hash)).toEqual({ status: 'accepted' });
    const tally = ledger.tally(hash)!;
    expect(tally).toMatchObject({ passes: false, roundOpen: true, need: { met: false, moreParties: 1, description: '1 more party (every party must sign)' } });
    expect(tally.need.missing).toEqual([n.parties[2]!.spec.id]);
    const last = vote(ledger, n.parties[2]!, hash);
    expect(last.status).toBe('accepted');
    expect(last.finalized?.header).toEqual(header);
    expect(last.finalized?.votes.map((v) => v.party)).toEqual(n.parties.map((p) => p.spec.id).sort());
    expect(ledger.height).toBe(1);
    expect(equalBytes(ledger.tip.hash, headerHashOf(header))).toBe(true);
    expect(ledger.proposals()).toEqual([]);
    expect(verifyChain(n.genesis, ledger.blocks(), nobleEd25519)).toMatchObject({ ok: true, value: { tip: { height: 1 } } });
  });

  it('counts votes that arrive before their proposal', () => {
    const n = negotiation({ n: 3, rules: allRules(qualified(2, 3)) });
    const ledger = openLedger(n);
    const body = textBody('Early votes');
    const header = headerFor(ledger, body);
    const hash = headerHashOf(header);
    expect(vote(ledger, n.parties[1]!, hash).status).toBe('accepted');
    expect(vote(ledger, n.parties[2]!, hash).status).toBe('accepted');
    expect(ledger.height).toBe(0);
    const proposed = ledger.propose(header, body);
    expect(proposed.ok && proposed.value.finalized?.votes.length).toBe(2);
    expect(ledger.height).toBe(1);
  });

  it('admits and removes parties: membership follows the chain', () => {
    const n = negotiation({ n: 3, rules: { admit: consensus, remove: qualified(2, 3), adopt: consensus } });
    const ledger = openLedger(n);
    const newcomer = delegation(7, 2, 'Republic of Seven');
    const admit = proposeOk(ledger, admission(ledger, newcomer.spec));
    for (const p of n.parties) vote(ledger, p, admit.hash);
    expect(ledger.height).toBe(1);
    expect(ledger.members().ids()).toEqual([...n.parties.map((p) => p.spec.id), newcomer.spec.id]);
    expect(ledger.members().publicKeyOf(newcomer.spec.id)).toEqual(newcomer.spec.publicKey);
    // The newcomer now votes; removing party 2 needs 3 of 4 (ceil(8/3)).
    const remove = proposeOk(ledger, removal(ledger, n.parties[2]!.spec.id, 'withdrew from the negotiation', newcomer), 0, newcomer);
    vote(ledger, newcomer, remove.hash);
    vote(ledger, n.parties[0]!, remove.hash);
    expect(ledger.height).toBe(1);
    expect(vote(ledger, n.parties[1]!, remove.hash).finalized).toBeDefined();
    expect(ledger.members().has(n.parties[2]!.spec.id)).toBe(false);
    expect(ledger.membersAt(2)?.has(n.parties[2]!.spec.id)).toBe(true);
    // The removed party's vote no longer counts.
    const next = proposeOk(ledger, textBody('after removal'));
    expect(vote(ledger, n.parties[2]!, next.hash)).toMatchObject({ status: 'rejected', code: 'invalid', reason: `${n.parties[2]!.spec.id} is not a party at height 3` });
    expect(verifyChain(n.genesis, ledger.blocks(), scheme)).toMatchObject({ ok: true, value: { tip: { height: 2 } } });
  });

  it('refuses impossible decisions and malformed proposals, saying why', () => {
    const n = negotiation({ n: 2 });
    const ledger = openLedger(n);
    const outsider = delegation(50);
    const body = textBody('text');
    const good = headerFor(ledger, body);
    const admitParty = admission(ledger, n.parties[1]!.spec);
    const removeOutsider = removal(ledger, outsider.spec.id, '');
    const cases: [string, ReturnType<Ledger['propose']>, string, RegExp][] = [
      ['admit a party', ledger.propose(headerFor(ledger, admitParty), admitParty), 'invalid', /is already a party/],
      ['remove a non-party', ledger.propose(headerFor(ledger, removeOutsider), removeOutsider), 'invalid', /is not a party/],
      ['a wrong prevHash', ledger.propose({ ...good, prevHash: new Uint8Array(32) }, body), 'invalid', /prevHash .* is not the hash of the genesis/],
      ['a future height', ledger.propose({ ...good, height: 2 }, body), 'not-yet', /height 2 is ahead/],
      ['a proposer who is not a party', ledger.propose({ ...good, proposer: outsider.spec.id }, body), 'invalid', /proposer .* is not a party/],
      ['a body hash mismatch', ledger.propose(good, textBody('other text')), 'invalid', /body hash does not match/],
      ['a kind mismatch', ledger.propose({ ...good, kind: 'admit' }, body), 'invalid', /header kind admit does not match the body/],
      ['a wrong text hash', ledger.propose({ ...good, bodyHash: bodyHashOf({ ...body, text: 'x' } as BlockBody) }, { ...body, text: 'x' } as BlockBody), 'invalid', /text hash does not match/],
      ['an unopened round', ledger.propose({ ...good, round: 1 }, body), 'not-yet', /round 1 is not open: round 0 has no round-change certificate/],
      ['another negotiation', ledger.propose({ ...good, negotiation: '00'.repeat(32) as never }, body), 'invalid', /another negotiation/],
      ['a malformed header', ledger.propose({ ...good, bodyHash: new Uint8Array(3) }, body), 'invalid', /bodyHash must be 32 bytes/],
    ];
    for (const [what, result, code, reason] of cases) {
      expect(result.ok, what).toBe(false);
      if (!result.ok) {
        expect(result.error.code, what).toBe(code);
        expect(result.error.reason, what).toMatch(reason);
      }
    }
    // Removing down to one party is fine; removing the last is not.
    const removeOne = proposeOk(ledger, removal(ledger, n.parties[1]!.spec.id, 'left'));
    vote(ledger, n.parties[0]!, removeOne.hash);
    vote(ledger, n.parties[1]!, removeOne.hash);
    expect(ledger.members().size).toBe(1);
    // Nobody would remain to receive a rotation; sealed to the last party itself, still refused.
    const rotation = sealForParties(nextRoomKey(currentRoomKey(ledger)), [n.parties[0]!.spec], ledger.negotiation);
    if (!rotation.ok) throw new Error(rotation.error.message);
    const last = { kind: 'remove', party: n.parties[0]!.spec.id, reason: '', rotation: rotation.value } as const;
    const refused = ledger.propose(headerFor(ledger, last), last);
    expect(!refused.ok && refused.error.reason).toBe('body: the last party cannot be removed');
    expect(ledger.propose(good, body)).toMatchObject({ ok: false, error: { code: 'stale', reason: 'height 1 is already final' } });
  });

  it('a repeated proposal is a duplicate, a repeated vote a no-op', () => {
    const n = negotiation({ n: 3 });
    const ledger = openLedger(n);
    const { header, hash } = proposeOk(ledger, textBody('once'));
    expect(ledger.propose(header, textBody('once'))).toMatchObject({ ok: true, value: { duplicate: true } });
    const v = signVote(n.parties[0]!.signer, ledger.negotiation, 1, 0, hash);
    expect(ledger.receiveVote(v).status).toBe('accepted');
    expect(ledger.receiveVote(v)).toEqual({ status: 'duplicate' });
    expect(ledger.receiveVote({ ...v, target: v.target.slice() })).toEqual({ status: 'duplicate' });
    expect(ledger.tally(hash)!.signers).toEqual([n.parties[0]!.spec.id]);
  });
});

describe('Ledger: equivocation', () => {
  it('keeps the first vote counted, never the second, and holds verifiable evidence', () => {
    const n = negotiation({ n: 3, rules: allRules(qualified(2, 3)) });
    const ledger = openLedger(n);
    const a = proposeOk(ledger, textBody('A'));
    const b = proposeOk(ledger, textBody('B'), 0, n.parties[1]);
    expect(vote(ledger, n.parties[2]!, a.hash).status).toBe('accepted');
    const second = vote(ledger, n.parties[2]!, b.hash);
    expect(second.status).toBe('equivocation');
    expect(second.reason).toMatch(/signed both .* at height 1, round 0/);
    expect(verifyEvidence(second.evidence!, n.parties[2]!.spec.publicKey, scheme)).toEqual({ ok: true, value: n.parties[2]!.spec.id });
    expect(ledger.tally(b.hash)!.signers).toEqual([]);
    // B with party 1 alone does not pass: the equivocator's second vote is not counted.
    expect(vote(ledger, n.parties[1]!, b.hash).finalized).toBeUndefined();
    expect(vote(ledger, n.parties[0]!, a.hash).finalized?.header).toEqual(a.header);
    expect(ledger.evidence()).toHaveLength(1);
  });

  it('catches an equivocating vote that arrives after the height is final', () => {
    const n = negotiation({ n: 3 });
    const ledger = openLedger(n);
    const a = proposeOk(ledger, textBody('A'));
    for (const p of n.parties) vote(ledger, p, a.hash);
    expect(ledger.height).toBe(1);
    const late = vote(ledger, n.parties[1]!, NIL, 0, 1);
    expect(late.status).toBe('equivocation');
    expect(ledger.evidence().map((e) => e.first.party)).toEqual([n.parties[1]!.spec.id]);
    expect(vote(ledger, n.parties[1]!, a.hash, 0, 1)).toEqual({ status: 'duplicate' });
    expect(vote(ledger, n.parties[1]!, NIL, 3, 1)).toMatchObject({ status: 'rejected', code: 'stale' });
  });

  it('an honest voting record refuses to sign a second target', () => {
    const n = negotiation({ n: 3 });
    const record = new VotingRecord(n.parties[0]!.signer);
    const neg = openLedger(n).negotiation;
    const first = record.sign(neg, 1, 0, new Uint8Array(32).fill(1));
    expect(first.ok).toBe(true);
    expect(record.sign(neg, 1, 0, new Uint8Array(32).fill(1))).toEqual(first);
    expect(record.sign(neg, 1, 0, NIL)).toMatchObject({ ok: false, error: expect.stringMatching(/would be equivocation/) });
    expect(record.sign(neg, 1, 1, NIL).ok).toBe(true);
    const restored = new VotingRecord(n.parties[0]!.signer, record.votes());
    expect(restored.sign(neg, 1, 0, NIL).ok).toBe(false);
  });
});

describe('Ledger: liveness by declining a round', () => {
  it('a proposal blocked by a consensus objector is declined, and a round-1 proposal passes', () => {
    const n = negotiation({ n: 3 });
    const [a, b, objector] = n.parties as [Delegation, Delegation, Delegation];
    const ledger = openLedger(n);
    const p0 = proposeOk(ledger, textBody('Article 1. Whaling is prohibited.'));
    vote(ledger, a, p0.hash);
    vote(ledger, objector, NIL); // the objector declines
    expect(ledger.tally(p0.hash)!.need.missing).toEqual([b.spec.id, objector.spec.id]);
    // With f = 1 a single decline could hide a passing set; round 1 is not open yet.
    expect(ledger.openRound()).toBe(0);
    const body1 = textBody('Article 1. Commercial whaling is prohibited.');
    expect(ledger.propose(headerFor(ledger, body1, 1), body1)).toMatchObject({ ok: false, error: { code: 'not-yet' } });
    vote(ledger, b, NIL); // b, who had not voted, declines too: the round is withdrawn
    expect(ledger.openRound()).toBe(1);
    const p1 = proposeOk(ledger, body1, 1, b);
    for (const p of [a, b]) expect(vote(ledger, p, p1.hash, 1).finalized).toBeUndefined();
    const done = vote(ledger, objector, p1.hash, 1);
    expect(done.finalized?.header.round).toBe(1);
    // The certificate is every counted round-0 vote: the two declines, and a's vote for p0.
    const expected: [number, string, string][] = [[0, a.spec.id, describeTarget(p0.hash)], [0, b.spec.id, 'NIL'], [0, objector.spec.id, 'NIL']];
    expect(done.finalized?.roundChanges.map((v) => [v.round, v.party, describeTarget(v.target)])).toEqual(expected.sort((x, y) => (x[1] < y[1] ? -1 : 1)));
    expect(verifyChain(n.genesis, ledger.blocks(), scheme).ok).toBe(true);
  });
});

describe('Ledger: catch-up', () => {
  it('a replica appends final blocks from a peer after full validation, and ignores them twice', () => {
    const n = negotiation({ n: 4, rules: allRules(qualified(3, 4)) });
    const leader = openLedger(n);
    for (let h = 0; h < 3; h++) {
      const p = proposeOk(leader, textBody(`version ${h}`));
      for (const party of n.parties.slice(0, 3)) vote(leader, party, p.hash);
    }
    expect(leader.height).toBe(3);
    const follower = openLedger(n);
    for (const block of leader.blocks()) {
      const copy = decodeBlock(encodeBlock(block));
      expect(follower.receiveBlock(copy)).toEqual({ ok: true, value: { appended: true, evidence: [] } });
    }
    expect(toHex(follower.tip.hash)).toBe(toHex(leader.tip.hash));
    expect(follower.receiveBlock(leader.blocks()[1]!)).toEqual({ ok: true, value: { appended: false, evidence: [] } });
    // A vote for a height beyond the next cannot be checked yet.
    expect(vote(follower, n.parties[0]!, NIL, 0, 9)).toMatchObject({ status: 'rejected', code: 'not-yet' });
  });
});

describe('signed layouts', () => {
  it('a vote signs domain || negotiation || height u64 || round u32 || target, byte for byte', () => {
    const n = negotiation({ n: 2 });
    const neg = openLedger(n).negotiation;
    const target = new Uint8Array(32).fill(0xab);
    const expected = new Uint8Array([
      ...new TextEncoder().encode('plenary/vote/v1'), 0,
      ...negotiationIdToBytes(neg),
      0, 0, 0, 0, 0, 0, 0x01, 0x02, // height 258
      0, 0, 0, 3, // round 3
      ...target,
    ]);
    expect(voteMessage(neg, 258, 3, target)).toEqual(expected);
    const v = signVote(n.parties[1]!.signer, neg, 258, 3, target);
    expect(scheme.verify(v.signature, expected, n.parties[1]!.spec.publicKey)).toBe(true);
  });

  it('an adopted text is fixed by taggedHash("plenary/text/v1", utf8(text)), the draft\'s definition', () => {
    const text = 'Article 1\n1. Les Parties coopèrent.\n';
    expect(textHash(text)).toEqual(taggedHash('plenary/text/v1', new TextEncoder().encode(text)));
  });
});
