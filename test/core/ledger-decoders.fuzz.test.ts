/**
 * Decoders of the charter and the ledger on mutated and random input: they decode or throw a
 * DecodeError, nothing else; whatever decodes re-encodes to the very same bytes (one encoding per
 * value, so hashes and signatures over encodings are unambiguous). FUZZ_RUNS scales the runs.
 */
import { describe, expect, it } from 'vitest';
import { decodeCharter, decodeGenesis, encodeCharter, encodeGenesis } from '../../src/core/charter.js';
import { decodeBody, encodeBody, type BlockBody } from '../../src/core/ledger/body.js';
import { assembleBlock, decodeBlock, encodeBlock, type Block } from '../../src/core/ledger/block.js';
import { decodeEvidence, encodeEvidence } from '../../src/core/ledger/evidence.js';
import { decodeHeader, encodeHeader, headerHashOf, type Header } from '../../src/core/ledger/header.js';
import { Ledger } from '../../src/core/ledger/ledger.js';
import { NIL, decodeVote, encodeVote, signVote } from '../../src/core/ledger/vote.js';
import { fuzzDecoder } from '../support/fuzz.js';
import { admission, allRules, consensus, delegation, headerFor, negotiation, qualified, removal, scheme, textBody } from '../support/ledger-fixtures.js';

const eu = { kind: 'double-majority', partyShare: { num: 55, den: 100 }, weightShare: { num: 65, den: 100 }, blockingMinority: 4 } as const;
const negotiations = [
  negotiation({ n: 1 }),
  negotiation({ weights: [5, 1, 3], rules: { admit: consensus, remove: qualified(2, 3), adopt: eu } }),
  negotiation({ n: 4, rules: allRules({ kind: 'double-majority', partyShare: { num: 3, den: 4 }, weightShare: { num: 1, den: 2 } }), title: 'Accord de Paris — révision' }),
];
const [, main] = negotiations as [unknown, (typeof negotiations)[1]];
const ledger = (() => {
  const l = Ledger.fromGenesis(main.genesis, scheme);
  if (!l.ok) throw new Error(l.error);
  return l.value;
})();

const bodies: BlockBody[] = [
  textBody('Article 1\n1. The Parties shall cooperate in good faith.\n', 'Draft 1'),
  textBody('', ''),
  admission(ledger, delegation(90, 7, 'Republic of Ninety').spec),
  removal(ledger, main.parties[2]!.spec.id, 'withdrawal notified under article 12'),
];
const headers: Header[] = bodies.map((b, i) => headerFor(ledger, b, i % 3, main.parties[i % 3]));
const [a, b, c] = main.parties as [(typeof main.parties)[0], (typeof main.parties)[0], (typeof main.parties)[0]];

function blockOf(header: Header, body: BlockBody, declined: number): Block {
  const hash = headerHashOf(header);
  const votes = [a, b, c].map((p) => signVote(p.signer, header.negotiation, header.height, header.round, hash));
  const changes = Array.from({ length: header.round }, (_, r) => [a, c].slice(0, declined).map((p) => signVote(p.signer, header.negotiation, header.height, r, NIL))).flat();
  return assembleBlock(header, body, votes, changes);
}

const blocks = headers.map((h, i) => blockOf(h, bodies[i]!, 1 + (i % 2)));
// A round split between headers declines a round too: certificate votes carry any target.
const splitOf = (h: Header, body: BlockBody): Block => {
  const blk = blockOf(h, body, 0);
  const changes = Array.from({ length: h.round }, (_, r) => [a, b, c].map((p, i) => signVote(p.signer, h.negotiation, h.height, r, i === 1 ? NIL : headerHashOf(headers[i]!)))).flat();
  return assembleBlock(h, body, blk.votes, changes);
};
blocks.push(splitOf(headers[2]!, bodies[2]!));
const votes = [signVote(a.signer, ledger.negotiation, 1, 0, NIL), signVote(b.signer, ledger.negotiation, 7, 3, headerHashOf(headers[0]!))];
const evidence = [{ first: votes[0]!, second: signVote(a.signer, ledger.negotiation, 1, 0, headerHashOf(headers[1]!)) }];

const canonical = <T>(encode: (value: T) => Uint8Array) => (value: T, input: Uint8Array) => {
  expect(encode(value)).toEqual(input);
};

describe('ledger decoders under fuzzing', () => {
  it('decode the valid samples exactly', () => {
    for (const n of negotiations) expect(decodeGenesis(encodeGenesis(n.genesis))).toEqual(n.genesis);
    for (const blk of blocks) expect(decodeBlock(encodeBlock(blk))).toEqual(blk);
    for (const h of headers) expect(decodeHeader(encodeHeader(h))).toEqual(h);
  });

  it('keeps a leading byte-order mark in text (it once vanished, changing hashes on decode)', () => {
    const body = textBody('\uFEFFArticle 1', '\uFEFF');
    expect(decodeBody(encodeBody(body))).toEqual(body);
    const n = negotiation({ n: 2, title: '\uFEFFTreaty' });
    expect(decodeGenesis(encodeGenesis(n.genesis))).toEqual(n.genesis);
    const blk = blockOf(headerFor(ledger, body, 0), body, 0);
    expect(encodeBlock(decodeBlock(encodeBlock(blk)))).toEqual(encodeBlock(blk));
  });

  it('charter', () => {
    const result = fuzzDecoder(negotiations.map((n) => encodeCharter(n.charter)), decodeCharter, { seed: 0xc4a7, check: canonical(encodeCharter) });
    expect(result.rejected).toBeGreaterThan(0);
  });

  it('genesis', () => {
    fuzzDecoder(negotiations.map((n) => encodeGenesis(n.genesis)), decodeGenesis, { seed: 0x9e7e, check: canonical(encodeGenesis) });
  });

  it('header', () => {
    const result = fuzzDecoder(headers.map(encodeHeader), decodeHeader, { seed: 0x4ead, check: canonical(encodeHeader) });
    expect(result.decoded).toBeGreaterThan(0); // bit flips inside fixed fields still decode
  });

  it('body', () => {
    fuzzDecoder(bodies.map(encodeBody), decodeBody, { seed: 0xb0d1, check: canonical(encodeBody) });
  });

  it('vote', () => {
    fuzzDecoder(votes.map(encodeVote), decodeVote, { seed: 0x707e, check: canonical(encodeVote) });
  });

  it('block', () => {
    const result = fuzzDecoder(blocks.map(encodeBlock), decodeBlock, { seed: 0xb10c, check: canonical(encodeBlock) });
    expect(result.decoded).toBeGreaterThan(0);
  });

  it('evidence', () => {
    fuzzDecoder(evidence.map(encodeEvidence), decodeEvidence, { seed: 0xe71d, check: canonical(encodeEvidence) });
  });
});
