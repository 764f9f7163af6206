/**
 * The automerge-paper trace (259,778 edits) replayed two ways in the same run:
 * - baseline: bare Yjs applying every edit, one transaction each, to one document;
 * - ours: the same edits typed into a delegation's replica, coalesced into envelopes of K edits,
 *   sealed (ed25519), encoded, then decoded, verified, checked and applied at a second replica.
 * Sealing every edit shows the per-envelope cost (an ed25519 signature and verification, about
 * 0.17 ms together); the node seals what a 30 ms window gathers, which at typing speed is one
 * keystroke and at replay speed is a burst. (The trace's own timestamps are synthetic.)
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

/** Bare Yjs sync, as a y-websocket-style provider does it: each transaction's update applied at a second doc. */
export function bareYjsSync(patches: readonly Patch[]): { ms: number; text: string } {
  const a = new Y.Doc();
  const b = new Y.Doc();
  a.on('update', (update: Uint8Array) => Y.applyUpdate(b, update));
  const text = a.getText('t');
  const { ms } = timed(() => {
    for (const [pos, del, ins] of patches) {
      a.transact(() => {
        if (del > 0) text.delete(pos, del);
        if (ins.length > 0) text.insert(pos, ins);
      });
    }
  });
  return { ms, text: b.getText('t').toString() };
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

/** When the author seals: every K edits, or (as the node does) when the oldest pending edit is `windowMs` old. */
export type Coalescing = { readonly edits: number } | { readonly windowMs: number };

export function throughEnvelopes(patches: readonly Patch[], coalescing: Coalescing): { ms: number; text: string; envelopes: number; bytes: number } {
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
    let pending = 0;
    let oldest = 0;
    for (const [pos, del, ins] of patches) {
      if (pending === 0) oldest = performance.now();
      writer.doc.transact(() => {
        if (del > 0) body.delete(pos, del);
        if (ins.length > 0) body.insert(pos, ins);
      });
      pending++;
      const due = 'edits' in coalescing ? pending >= coalescing.edits : performance.now() - oldest >= coalescing.windowMs;
      if (due) {
        deliver();
        pending = 0;
      }
    }
    deliver();
  });
  return { ms, text: findParagraph(reader.doc, 'p1')!.text!.toString(), envelopes, bytes };
}

/** One envelope per keystroke signs and verifies every edit: run on a prefix so the bench stays short. */
const CASES: ReadonlyArray<{ coalescing: Coalescing; edits: number; label: string }> = [
  { coalescing: { edits: 1 }, edits: 50_000, label: 'one envelope per edit' },
  { coalescing: { edits: 16 }, edits: Infinity, label: 'envelopes of 16 edits' },
  { coalescing: { windowMs: 30 }, edits: Infinity, label: 'a 30 ms coalescing window, as the node seals' },
];

export function benchTrace(trace: Trace = loadTrace()): Row[] {
  const rows: Row[] = [];
  for (const { coalescing, edits, label } of CASES) {
    const patches = trace.patches.slice(0, Math.min(edits, trace.patches.length));
    const bare = bareYjs(patches);
    const sync = bareYjsSync(patches);
    const ours = throughEnvelopes(patches, coalescing);
    if (ours.text !== bare.text || sync.text !== bare.text) throw new Error(`envelope path (${label}) diverged from bare Yjs at the second replica`);
    if (patches.length === trace.patches.length && ours.text !== trace.endContent) throw new Error('the trace was not reproduced');
    rows.push({
      bench: `trace replay, ${patches.length.toLocaleString('en-US')} edits, ${label}: seal, encode, decode, verify, check, apply at a 2nd replica — vs bare Yjs applying the edits to one doc`,
      ours: fmt.ms(ours.ms),
      baseline: fmt.ms(bare.ms),
      ratio: fmt.ratio(ours.ms, bare.ms),
      note: `${ours.envelopes.toLocaleString('en-US')} envelopes, ${fmt.bytes(ours.bytes)} on the wire; bare Yjs sync to a 2nd doc: ${fmt.ms(sync.ms)} (ours ${fmt.ratio(ours.ms, sync.ms)} of it)`,
    });
  }
  return rows;
}
