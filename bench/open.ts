/**
 * Opening a stored negotiation whose history holds the whole editing trace (as envelopes of 16
 * edits, in a LevelDB store on disk): from the envelopes alone, and from a compacted snapshot.
 * Baseline: bare Yjs loading the same document state (Y.applyUpdate of the encoded state), which
 * verifies nothing. Memory is the heap retained by the opened negotiation.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { negotiationIdOf, signGenesis, type Charter } from '../src/core/charter.js';
import { findParagraph, type Envelope } from '../src/core/draft/index.js';
import type { NegotiationId, SignatureScheme } from '../src/core/identity.js';
import { openLevelStore } from '../src/store/index.js';
import { compactDraft, openNegotiation, recordEnvelopes, recordGenesis } from '../src/node/negotiation-record.js';
import { createRoomKey } from '../src/core/room/room-key.js';
import { createNativeEd25519 } from '../src/node/native-ed25519.js';
import { fmt, timed, timedAsync, type Row, memoryInUse } from './harness.js';
import { loadTrace, type Trace } from './trace-data.js';
import { setUpPair, traceSigner } from './trace.js';

const EDITS_PER_ENVELOPE = 16;

/** The delegation drafts the whole trace; returns what it sealed and the state it reached. */
function draftTheTrace(trace: Trace, negotiation: NegotiationId): { state: Uint8Array; expected: string; envelopes: Envelope[] } {
  const { writer, author, sealed, body, setup } = setUpPair(negotiation);
  let n = 0;
  for (const [pos, del, ins] of trace.patches) {
    writer.doc.transact(() => {
      if (del > 0) body.delete(pos, del);
      if (ins.length > 0) body.insert(pos, ins);
    });
    if (++n % EDITS_PER_ENVELOPE === 0) author.flush();
  }
  author.flush();
  return {
    state: Y.encodeStateAsUpdate(writer.doc),
    expected: findParagraph(writer.doc, 'p1')!.text.toString(),
    envelopes: [...setup, ...sealed.splice(0)],
  };
}

async function compactStored(dir: string, negotiation: NegotiationId, scheme: SignatureScheme): Promise<void> {
  const store = await openLevelStore(dir);
  const opened = await openNegotiation(store, negotiation, scheme);
  if (!opened.ok) throw new Error(opened.error);
  await compactDraft(store, opened.value.draft);
  await store.close();
}

/** Opens with a cold verifier; memory is what the opened negotiation keeps alive. */
async function measureOpen(dir: string, negotiation: NegotiationId) {
  const before = memoryInUse();
  const { value: result, ms } = await timedAsync(async () => {
    const store = await openLevelStore(dir);
    const opened = await openNegotiation(store, negotiation, createNativeEd25519());
    await store.close();
    return opened;
  });
  const retained = memoryInUse() - before;
  if (!result.ok) throw new Error(result.error);
  return { ms, retained, replayed: result.value.replayed, text: findParagraph(result.value.draft.doc, 'p1')!.text.toString() };
}

export async function benchOpen(trace: Trace = loadTrace()): Promise<Row[]> {
  const scheme = createNativeEd25519();
  const signer = traceSigner(scheme);
  const charter: Charter = {
    title: 'Trace Convention',
    createdAt: 1_700_000_000_000,
    convenor: signer.party,
    parties: [{ id: signer.party, name: 'Delegation A', publicKey: signer.publicKey, weight: 1 }],
    rules: { admit: { kind: 'consensus' }, remove: { kind: 'consensus' }, adopt: { kind: 'consensus' } },
    nonce: new Uint8Array(16),
  };
  const genesis = signGenesis(charter, signer, createRoomKey());
  if (!genesis.ok) throw new Error(genesis.error);

  const { state, expected, envelopes } = draftTheTrace(trace, negotiationIdOf(charter));
  const envelopeCount = envelopes.length;

  const dir = mkdtempSync(join(tmpdir(), 'plenary-bench-open-'));
  try {
    const store = await openLevelStore(dir);
    const ledger = await recordGenesis(store, genesis.value, scheme);
    if (!ledger.ok) throw new Error(ledger.error);
    const negotiation = ledger.value.negotiation;
    for (let i = 0; i < envelopes.length; i += 4096) await recordEnvelopes(store, negotiation, envelopes.slice(i, i + 4096));
    await store.close();
    envelopes.length = 0; // the drafting session is gone: only the store remains

    const rows: Row[] = [];
    const bareBefore = memoryInUse();
    const bare = timed(() => {
      const doc = new Y.Doc({ gc: false });
      Y.applyUpdate(doc, state);
      return doc;
    });
    const bareHeap = memoryInUse() - bareBefore;

    for (const mode of ['envelopes', 'snapshot'] as const) {
      if (mode === 'snapshot') await compactStored(dir, negotiation, scheme);
      const opened = await measureOpen(dir, negotiation);
      if (opened.text !== expected || opened.text !== trace.endContent) throw new Error(`reopened text differs (${mode})`);
      rows.push({
        bench: `open a stored negotiation holding the whole trace (${envelopeCount.toLocaleString('en-US')} envelopes) ${mode === 'snapshot' ? 'from its snapshot' : 'by verifying and replaying every envelope'} vs bare Yjs loading the state`,
        ours: `${fmt.ms(opened.ms)}, ${fmt.bytes(opened.retained)} retained`,
        baseline: `${fmt.ms(bare.ms)}, ${fmt.bytes(bareHeap)} retained`,
        ratio: fmt.ratio(opened.ms, bare.ms),
        note: mode === 'snapshot' ? `snapshot ${fmt.bytes(state.length)}` : `replayed ${opened.replayed.toLocaleString('en-US')}`,
      });
    }
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
