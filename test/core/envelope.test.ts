import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DecodeError } from '../../src/core/bytes.js';
import { createSigner, keyPairFromSeed, nobleEd25519, type PartyId } from '../../src/core/identity.js';
import {
  MAX_UPDATE_BYTES,
  decodeEnvelope,
  deriveClientId,
  encodeEnvelope,
  envelopeSigningBytes,
  mergeEnvelopeUpdates,
  sealEnvelope,
  verifyEnvelopeSignature,
  type Envelope,
  type EnvelopeFields,
} from '../../src/core/draft/envelope.js';
import { createRng } from '../support/rng.js';
import { NEGOTIATION, native } from './draft-fixtures.js';

const seed = new Uint8Array(32).fill(11);
const nobleSigner = createSigner(keyPairFromSeed(seed, nobleEd25519), nobleEd25519);
const nativeSigner = createSigner(keyPairFromSeed(seed, native), native);

function anUpdate(text = 'The Parties agree'): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = deriveClientId(nobleSigner.party, 3);
  doc.getText('title').insert(0, text);
  return Y.encodeStateAsUpdate(doc);
}

function fields(over: Partial<EnvelopeFields> = {}): EnvelopeFields {
  return {
    negotiation: NEGOTIATION,
    author: nobleSigner.party,
    seq: 1,
    epoch: 3,
    clientId: deriveClientId(nobleSigner.party, 3),
    update: anUpdate(),
    ...over,
  };
}

describe('envelope encoding', () => {
  it('round-trips every field, and the bytes are canonical', () => {
    const env = sealEnvelope(nobleSigner, fields({ seq: 2 ** 40, epoch: 0xffffffff, clientId: deriveClientId(nobleSigner.party, 0xffffffff) }));
    const bytes = encodeEnvelope(env);
    const back = decodeEnvelope(bytes);
    expect(back).toEqual(env);
    expect(encodeEnvelope(back)).toEqual(bytes);
    // The signed bytes are the encoding without its last 64 bytes.
    expect(envelopeSigningBytes(env)).toEqual(bytes.subarray(0, bytes.length - 64));
  });

  it('refuses fields no envelope may carry', () => {
    const good = fields();
    const sig = new Uint8Array(64);
    expect(() => encodeEnvelope({ ...good, seq: 0, signature: sig })).toThrow(RangeError);
    expect(() => encodeEnvelope({ ...good, seq: 1.5, signature: sig })).toThrow(RangeError);
    expect(() => encodeEnvelope({ ...good, epoch: 2 ** 32, signature: sig })).toThrow(RangeError);
    expect(() => encodeEnvelope({ ...good, clientId: 2 ** 53, signature: sig })).toThrow(RangeError);
    expect(() => encodeEnvelope({ ...good, author: 'nope' as PartyId, signature: sig })).toThrow(RangeError);
    expect(() => encodeEnvelope({ ...good, update: new Uint8Array(MAX_UPDATE_BYTES + 1), signature: sig })).toThrow(RangeError);
    expect(() => encodeEnvelope({ ...good, signature: new Uint8Array(63) })).toThrow(RangeError);
    expect(() => sealEnvelope(nativeSigner, { ...good, author: '00'.repeat(16) as PartyId })).toThrow(/author/);
    // A signer whose secret and public keys do not match is caught at sealing, given a scheme.
    const mismatched = { ...nativeSigner, publicKey: createSigner(keyPairFromSeed(new Uint8Array(32).fill(99), native), native).publicKey };
    expect(() => sealEnvelope(mismatched, good, native)).toThrow(/does not verify/);
    expect(sealEnvelope(nativeSigner, good, native).signature).toHaveLength(64);
  });

  it('decodes nothing but exactly one envelope', () => {
    const bytes = encodeEnvelope(sealEnvelope(nobleSigner, fields()));
    const bad = (b: Uint8Array, code: string) => {
      try {
        decodeEnvelope(b);
        expect.fail('decoded');
      } catch (e) {
        expect(e).toBeInstanceOf(DecodeError);
        expect((e as DecodeError).code).toBe(code);
      }
    };
    bad(bytes.subarray(0, bytes.length - 1), 'truncated');
    bad(Uint8Array.from([...bytes, 0]), 'trailing-bytes');
    const otherTag = bytes.slice();
    otherTag[0] = otherTag[0]! ^ 1;
    bad(otherTag, 'bad-tag');
    const zeroSeq = bytes.slice();
    zeroSeq.fill(0, 20 + 32 + 16, 20 + 32 + 16 + 8); // 'plenary/envelope/v1\0' is 20 bytes
    bad(zeroSeq, 'malformed');
    const huge = bytes.slice();
    new DataView(huge.buffer).setUint32(20 + 32 + 16 + 8 + 4 + 8, MAX_UPDATE_BYTES + 1);
    bad(huge, 'oversized');
  });
});

describe('envelope signatures', () => {
  it('noble and native ed25519 seal identical envelopes that each verifies', () => {
    const byNoble = sealEnvelope(nobleSigner, fields());
    const byNative = sealEnvelope(nativeSigner, fields());
    expect(byNative.signature).toEqual(byNoble.signature);
    expect(verifyEnvelopeSignature(byNoble, nobleSigner.publicKey, native)).toBe(true);
    expect(verifyEnvelopeSignature(byNative, nobleSigner.publicKey, nobleEd25519)).toBe(true);
  });

  it('a change to any signed field, or another key, fails verification', () => {
    const env = sealEnvelope(nativeSigner, fields());
    const other = createSigner(keyPairFromSeed(new Uint8Array(32).fill(12), native), native);
    const update = env.update.slice();
    update[update.length - 2] = update[update.length - 2]! ^ 1;
    const variants: Envelope[] = [
      { ...env, seq: 2 },
      { ...env, epoch: 4 },
      { ...env, clientId: env.clientId + 1 },
      { ...env, author: other.party },
      { ...env, negotiation: 'ab'.repeat(32) as Envelope['negotiation'] },
      { ...env, update },
    ];
    for (const variant of variants) expect(verifyEnvelopeSignature(variant, nativeSigner.publicKey, native)).toBe(false);
    expect(verifyEnvelopeSignature(env, other.publicKey, native)).toBe(false);
    expect(verifyEnvelopeSignature({ ...env, signature: new Uint8Array(64) }, nativeSigner.publicKey, native)).toBe(false);
    expect(verifyEnvelopeSignature(env, nativeSigner.publicKey, native)).toBe(true);
  });
});

describe('derived Yjs clientIDs', () => {
  it('are 53-bit, deterministic, and differ by author and by epoch', () => {
    const rng = createRng(5);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const author = Array.from(rng.bytes(16), (b) => b.toString(16).padStart(2, '0')).join('') as PartyId;
      const epoch = rng.int(2 ** 32);
      const id = deriveClientId(author, epoch);
      expect(Number.isSafeInteger(id) && id >= 0 && id < 2 ** 53).toBe(true);
      expect(deriveClientId(author, epoch)).toBe(id);
      seen.add(id);
    }
    expect(seen.size).toBe(2000);
    expect(deriveClientId(nobleSigner.party, 1)).not.toBe(deriveClientId(nobleSigner.party, 2));
    expect(() => deriveClientId(nobleSigner.party, -1)).toThrow(RangeError);
  });

  it('Yjs handles clientIDs up to 2^53 - 1: updates (v1, v2), merges, state vectors, relative positions', () => {
    const ids = [2 ** 53 - 1, deriveClientId(nobleSigner.party, 9), 2 ** 53 - 2 ** 20, 7];
    const docs = ids.map((id) => {
      const doc = new Y.Doc({ gc: false });
      doc.clientID = id;
      doc.getText('t').insert(0, `<${id}>`);
      return doc;
    });
    const sync = () => {
      for (const a of docs) for (const b of docs) if (a !== b) Y.applyUpdateV2(b, Y.encodeStateAsUpdateV2(a, Y.encodeStateVector(b)));
    };
    sync();
    docs[0]!.getText('t').insert(3, 'X');
    docs[1]!.getText('t').delete(0, 2);
    const merged = Y.mergeUpdates(docs.map((d) => Y.encodeStateAsUpdate(d)));
    const fresh = new Y.Doc();
    Y.applyUpdate(fresh, merged);
    for (const a of docs) for (const b of docs) if (a !== b) Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
    const text = docs[0]!.getText('t').toString();
    for (const d of [...docs, fresh]) expect(d.getText('t').toString()).toBe(text);
    const sv = Y.decodeStateVector(Y.encodeStateVector(fresh));
    for (const id of ids) expect(sv.get(id)).toBeGreaterThan(0);
    expect(Y.parseUpdateMeta(merged).to.get(2 ** 53 - 1)).toBe(sv.get(2 ** 53 - 1));
    const rpos = Y.decodeRelativePosition(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(docs[2]!.getText('t'), 4)));
    expect(Y.createAbsolutePositionFromRelativePosition(rpos, fresh)?.index).toBe(4);
  });
});

describe('coalescing', () => {
  it('merging one author\'s consecutive updates has the effect of applying them one by one', () => {
    const doc = new Y.Doc({ gc: false });
    doc.clientID = deriveClientId(nobleSigner.party, 5);
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    const t = doc.getText('t');
    t.insert(0, 'abc');
    t.insert(1, 'XY');
    t.delete(0, 2);
    t.insert(3, '!');
    const one = new Y.Doc();
    const each = new Y.Doc();
    Y.applyUpdate(one, mergeEnvelopeUpdates(updates));
    for (const u of updates) Y.applyUpdate(each, u);
    expect(one.getText('t').toString()).toBe(t.toString());
    expect(each.getText('t').toString()).toBe(t.toString());
    expect(mergeEnvelopeUpdates([updates[0]!])).toBe(updates[0]);
  });
});

describe('coalescing', () => {
  it('merges a thousand keystrokes into the same bytes as one flat Y.mergeUpdates', () => {
    const doc = new Y.Doc({ gc: false });
    const text = doc.getText('t');
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    for (let i = 0; i < 1000; i++) {
      if (i % 7 === 3) text.delete(i % text.length, 1);
      else text.insert((i * 31) % (text.length + 1), String.fromCharCode(97 + (i % 26)));
    }
    expect(mergeEnvelopeUpdates(updates)).toEqual(Y.mergeUpdates(updates));
    expect(mergeEnvelopeUpdates(updates.slice(0, 1))).toEqual(updates[0]);
  });
});
