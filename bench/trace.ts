/**
 * The automerge-paper trace (259,778 edits) replayed two ways in the same run:
 * - baseline: bare Yjs applying every edit, one transaction each, to one document;
 * - ours: the same edits typed into a delegation's replica, coalesced into envelopes of K edits,
 *   sealed (ed25519), encoded, then decoded, verified, checked and applied at a second replica.
 * K = 1 is one envelope per keystroke; larger K is what a coalescing window catches in a burst
 * (paste, fast typing, offline edits). The trace has no usable timestamps, so K is counted in edits.
 */
import * as Y from 'yjs';
import { createSigner, keyPairFromSeed, type NegotiationId, type PartyRoster, type SignatureScheme, type Signer } from '../src/core/identity.js';
import { DraftAuthor, DraftReplica, encodeEnvelope, findParagraph, addArticle, addParagraph, createTreaty, type Envelope } from '../src/core/draft/index.js';
import { createNativeEd25519 } from '../src/node/native-ed25519.js';
import { fmt, timed, type Row } from './harness.js';
import { loadTrace, type Patch, type Trace } from './trace-data.js';

const NEGOTIATION = 'ab'.repeat(32) as NegotiationId;

export function bareYjs(patches: readonly Patch[]): { ms: number; text: string } {
  const doc = new Y.Doc();
  const text = doc.getText('t');
  const { ms } = timed(() => {
    for (const [pos, del, ins] of patches) {
      doc.transact(() => {
        if (del > 0) text.delete(pos, del);
        if (ins.length > 0) text.insert(pos, ins);
      });
    }
  });
  return { ms, text: text.toString() };
}

/** A delegation drafting the trace into a paragraph, and a second delegation's replica receiving it. */
export function traceSigner(scheme: SignatureScheme = createNativeEd25519()): Signer {
  return createSigner(keyPairFromSeed(new Uint8Array(32).fill(42), scheme), scheme);
}

export function setUpPair(negotiation: NegotiationId = NEGOTIATION) {
  const scheme = createNativeEd25519();
  const signer = traceSigner(scheme);
  const roster: PartyRoster = { publicKeyOf: (p) => (p === signer.party ? signer.publicKey : undefined) };
  const writer = new DraftReplica(negotiation, roster, { scheme });
  const reader = new DraftReplica(negotiation, roster, { scheme: createNativeEd25519() });
  const sealed: Envelope[] = [];
  const author = DraftAuthor.attach(writer, signer, 1, { coalesce: true, onEnvelope: (e) => sealed.push(e) });
  if (!author.ok) throw new Error(author.error);
  createTreaty(writer.doc, 'Trace Convention');
  addArticle(writer.doc, { id: 'a1', heading: 'Text' });
  addParagraph(writer.doc, { id: 'p1', in: { articleId: 'a1' } });
  author.value.flush();
  const setup = sealed.splice(0);
  for (const e of setup) reader.acceptEnvelope(encodeEnvelope(e));
  const body = findParagraph(writer.doc, 'p1')!.text!;
  return { writer, reader, author: author.value, sealed, body, setup };
}

export function throughEnvelopes(patches: readonly Patch[], editsPerEnvelope: number): { ms: number; text: string; envelopes: number; bytes: number } {
  const { writer, reader, author, sealed, body } = setUpPair();
  let envelopes = 0;
  let bytes = 0;
  const deliver = () => {
    const flushed = author.flush();
    if (!flushed.ok) throw new Error(flushed.error);
    for (const e of sealed.splice(0)) {
      const wire = encodeEnvelope(e);
      bytes += wire.length;
      envelopes++;
      const outcome = reader.acceptEnvelope(wire);
      if (outcome.kind !== 'applied') throw new Error(`envelope ${e.seq} not applied: ${JSON.stringify(outcome)}`);
    }
  };
  const { ms } = timed(() => {
    let n = 0;
    for (const [pos, del, ins] of patches) {
      writer.doc.transact(() => {
        if (del > 0) body.delete(pos, del);
        if (ins.length > 0) body.insert(pos, ins);
      });
      if (++n % editsPerEnvelope === 0) deliver();
    }
    deliver();
  });
  return { ms, text: findParagraph(reader.doc, 'p1')!.text!.toString(), envelopes, bytes };
}

/** K = 1 signs and verifies every keystroke: run on a prefix so the bench stays a few minutes. */
const CASES = [
  { k: 1, edits: 50_000 },
  { k: 16, edits: Infinity },
  { k: 256, edits: Infinity },
] as const;

export function benchTrace(trace: Trace = loadTrace()): Row[] {
  const rows: Row[] = [];
  for (const { k, edits } of CASES) {
    const patches = trace.patches.slice(0, Math.min(edits, trace.patches.length));
    const bare = bareYjs(patches);
    const ours = throughEnvelopes(patches, k);
    if (ours.text !== bare.text) throw new Error(`envelope path (K=${k}) diverged from bare Yjs at the second replica`);
    if (patches.length === trace.patches.length && ours.text !== trace.endContent) throw new Error('the trace was not reproduced');
    rows.push({
      bench: `trace replay, ${patches.length.toLocaleString('en-US')} edits: envelopes of ${k} edit${k > 1 ? 's' : ''} (seal, encode, decode, verify, check, apply at a 2nd replica) vs bare Yjs on one doc`,
      ours: fmt.ms(ours.ms),
      baseline: fmt.ms(bare.ms),
      ratio: fmt.ratio(ours.ms, bare.ms),
      note: `${ours.envelopes.toLocaleString('en-US')} envelopes, ${fmt.bytes(ours.bytes)} on the wire`,
    });
  }
  return rows;
}
