/**
 * Catch-up (issue 3): a delegation that missed the whole editing trace joins and converges.
 *
 * Delegation A drafts the automerge-paper trace (259,778 edits) alone, through its room, which
 * seals, stores (in A's MemoryRoomRecords) and publishes to nobody. Then delegation B, a party
 * in the charter holding nothing but the genesis, dials A over libp2p on 127.0.0.1 and joins its
 * room, which catches up from A page by page (4 MiB pages, the default) until B's canonical text
 * equals A's. Two histories, as the bench/trace.ts cases: envelopes of 16 edits (deterministic,
 * closer to what typing leaves behind) and the node's 30 ms window at replay speed (few, large
 * envelopes; the count depends on the machine).
 *
 * Measured: wall time from B joining its room (which starts the catch-up) to convergence, and the
 * catch-up payload bytes, counted by wrapping B's network.request for the catch-up protocol
 * (request + response bytes; libp2p framing, noise and yamux overhead excluded). Baseline over the
 * same connection: A serves Y.encodeStateAsUpdate of its document once on a plain request/response
 * protocol and B applies it to a fresh Y.Doc (median of BASELINE_RUNS, counted the same way; the
 * catch-up runs once, cold, as a joiner's does). No forced GC before a span: on this heap a
 * collected-then-shrunk heap made the next span slower, not steadier.
 *
 * CATCHUP_EDITS (default all) replays a prefix of the trace; CATCHUP_BASELINE_RUNS (default 7).
 */
import * as Y from 'yjs';
import { signGenesis, type Charter } from '../src/core/charter.js';
import { DraftAuthor } from '../src/core/draft/author.js';
import { renderCanonical } from '../src/core/draft/canonical.js';
import { DraftReplica } from '../src/core/draft/replica.js';
import { findParagraph } from '../src/core/draft/schema.js';
import { addArticle, addParagraph, createTreaty } from '../src/core/draft/treaty-ops.js';
import { createSigner, keyPairFromSeed, partyIdOf, type PartyId, type Signer } from '../src/core/identity.js';
import { Ledger } from '../src/core/ledger/ledger.js';
import { createRoomKey } from '../src/core/room/room-key.js';
import { createNativeEd25519 } from '../src/node/native-ed25519.js';
import { createLibp2pNetwork } from '../src/p2p/libp2p-host.js';
import { NegotiationRoom } from '../src/p2p/negotiation-room.js';
import { protocolId, type PeerId, type PeerNetwork } from '../src/p2p/network.js';
import { MemoryRoomRecords } from '../src/p2p/room/records.js';
import { CATCH_UP_PROTOCOL } from '../src/p2p/room/topics.js';
import { fmt, opsPerSecond, waitUntil, type Row } from './harness.js';
import type { Coalescing } from './trace.js';
import { loadTrace, type Patch } from './trace-data.js';

const EDITS = Number(process.env.CATCHUP_EDITS ?? Infinity);
const BASELINE_RUNS = Number(process.env.CATCHUP_BASELINE_RUNS ?? 7);
const STATE_PROTOCOL = protocolId('bench-state');
const scheme = createNativeEd25519();
const now = (): number => Number(process.hrtime.bigint()) / 1e6;

/** Request/response payload bytes on one protocol, counted where B asks. */
interface Traffic {
  requests: number;
  bytes: number;
}

/** B's network, with its requests on `protocol` counted; everything else passes through. */
function counting(network: PeerNetwork, protocol: string, traffic: Traffic): PeerNetwork {
  return {
    peerId: network.peerId,
    addresses: () => network.addresses(),
    dial: (address) => network.dial(address),
    hangUp: (peer) => network.hangUp(peer),
    connectedPeers: () => network.connectedPeers(),
    onPeer: (listener) => network.onPeer(listener),
    subscribe: (topic, validate, deliver) => network.subscribe(topic, validate, deliver),
    unsubscribe: (topic) => network.unsubscribe(topic),
    subscribers: (topic) => network.subscribers(topic),
    publish: (topic, data) => network.publish(topic, data),
    serve: (p, handler, options) => network.serve(p, handler, options),
    unserve: (p) => network.unserve(p),
    request: async (peer, p, request, options) => {
      const reply = await network.request(peer, p, request, options);
      if (p === protocol) {
        traffic.requests++;
        traffic.bytes += request.length + (reply.ok ? reply.value.length : 0);
      }
      return reply;
    },
    setGate: (allow) => network.setGate(allow),
    stop: () => network.stop(),
  };
}

interface Delegation {
  /** The ed25519 seed: the party's key and, as the node does, its libp2p peer key. */
  readonly seed: Uint8Array;
  readonly secretKey: Uint8Array;
  readonly signer: Signer;
  readonly party: PartyId;
}

function delegation(index: number): Delegation {
  const seed = Uint8Array.from({ length: 32 }, (_, k) => (k === 0 ? 0xca : k === 1 ? index : 3));
  const keys = keyPairFromSeed(seed, scheme);
  return { seed, secretKey: keys.secretKey, signer: createSigner(keys, scheme), party: partyIdOf(keys.publicKey) };
}

interface Member {
  readonly network: PeerNetwork;
  readonly draft: DraftReplica;
  readonly room: NegotiationRoom;
  readonly records: MemoryRoomRecords;
}

/** A delegation's node parts, as the node builds them, joined to the room over `network`. */
function member(genesis: Parameters<typeof Ledger.fromGenesis>[0], who: Delegation, network: PeerNetwork): Member {
  const ledger = Ledger.fromGenesis(genesis, scheme);
  if (!ledger.ok) throw new Error(ledger.error);
  const draft = new DraftReplica(ledger.value.negotiation, ledger.value.members(), { scheme });
  const author = DraftAuthor.attach(draft, who.signer, 1, { coalesce: true });
  if (!author.ok) throw new Error(author.error);
  const keyring = ledger.value.keyring({ secretKey: who.secretKey, party: { id: who.party, publicKey: who.signer.publicKey } });
  if (!keyring.ok) throw new Error(keyring.error.message);
  const records = new MemoryRoomRecords();
  const room = NegotiationRoom.join({
    network,
    ledger: ledger.value,
    draft,
    author: author.value,
    signer: who.signer,
    scheme,
    keyring: keyring.value,
    minEpoch: () => 0,
    records,
    sink: records,
    // Only the catch-up under test: no periodic rounds in either direction.
    antiEntropyMs: 0,
  });
  return { network, draft, room, records };
}

/** A types the trace into one paragraph, sealing every K edits or when the oldest pending edit is 30 ms old. */
async function draftTrace(a: Member, patches: readonly Patch[], coalescing: Coalescing): Promise<void> {
  for (const step of [
    createTreaty(a.draft.doc, 'Trace Convention'),
    addArticle(a.draft.doc, { id: 'a1', heading: 'Text' }),
    addParagraph(a.draft.doc, { id: 'p1', in: { articleId: 'a1' } }),
  ]) {
    if (!step.ok) throw new Error(step.error.message);
  }
  void a.room.flush();
  const body = findParagraph(a.draft.doc, 'p1')!.text;
  let pending = 0;
  let oldest = 0;
  for (const [pos, del, ins] of patches) {
    if (pending === 0) oldest = performance.now();
    a.draft.doc.transact(() => {
      if (del > 0) body.delete(pos, del);
      if (ins.length > 0) body.insert(pos, ins);
    });
    pending++;
    if ('edits' in coalescing ? pending >= coalescing.edits : performance.now() - oldest >= coalescing.windowMs) {
      void a.room.flush();
      pending = 0;
    }
  }
  // Resolves once every envelope is stored and handed to the network (which has no peers yet).
  await a.room.flush();
}

const median = (values: readonly number[]): number => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)] ?? NaN;

async function benchCase(patches: readonly Patch[], coalescing: Coalescing, label: string): Promise<Row[]> {
  const [da, db] = [delegation(0), delegation(1)];
  const charter: Charter = {
    title: 'Catch-up bench',
    createdAt: 1_700_000_000_000,
    convenor: da.party,
    parties: [da, db].map((d, i) => ({ id: d.party, name: `Delegation ${i}`, publicKey: d.signer.publicKey, weight: 1 })),
    rules: { admit: { kind: 'consensus' }, remove: { kind: 'consensus' }, adopt: { kind: 'consensus' } },
    nonce: new Uint8Array(16).fill('edits' in coalescing ? coalescing.edits : 0xff),
  };
  const genesis = signGenesis(charter, da.signer, createRoomKey());
  if (!genesis.ok) throw new Error(genesis.error);

  const aNetwork = await createLibp2pNetwork({ seed: da.seed, listen: ['/ip4/127.0.0.1/tcp/0'] });
  const bNetwork = await createLibp2pNetwork({ seed: db.seed, listen: ['/ip4/127.0.0.1/tcp/0'] });
  const a = member(genesis.value, da, aNetwork);
  let b: Member | undefined;
  try {
    await draftTrace(a, patches, coalescing);
    const envelopes = a.records.envelopeCount;
    const stored = (await a.records.envelopes(da.party, 1, envelopes)).reduce((n, e) => n + e.bytes.length, 0);
    const expected = renderCanonical(a.draft.doc);
    aNetwork.serve(STATE_PROTOCOL, async () => Y.encodeStateAsUpdate(a.draft.doc));

    // Connect first, and let A's own catch-up from B (on connect; B has no room yet) finish, so
    // that only B's catch-up runs in the measured span.
    let aAsked = false;
    a.room.on('catch-up', (event) => {
      if (event.phase !== 'page') aAsked = true;
    });
    const dialed = await bNetwork.dial(aNetwork.addresses()[0]!);
    if (!dialed.ok) throw new Error(`dial: ${dialed.error.message}`);
    const aPeer: PeerId = dialed.value;
    await waitUntil("A's catch-up attempt on connect", () => aAsked, 60_000);

    const catchUpTraffic: Traffic = { requests: 0, bytes: 0 };
    const start = now();
    b = member(genesis.value, db, counting(bNetwork, CATCH_UP_PROTOCOL, catchUpTraffic));
    const summary = await b.room.catchUp(aPeer); // shares the exchange the join started
    if (!summary.ok) throw new Error(`catch-up failed: ${summary.detail}`);
    const bDraft = b.draft;
    await waitUntil('B to hold A’s text', () => renderCanonical(bDraft.doc) === expected, 60_000);
    const catchUpMs = now() - start;
    if (b.draft.frontierOf(da.party) !== a.draft.frontierOf(da.party)) throw new Error('B converged on the text but not on the envelopes');

    // B's room has done its part: stopping it drains its record writes, so they do not run
    // inside the baseline's spans. The connection stays.
    await b.room.stop();
    const stateTraffic: Traffic = { requests: 0, bytes: 0 };
    const stateNetwork = counting(bNetwork, STATE_PROTOCOL, stateTraffic);
    const stateMs: number[] = [];
    for (let run = 0; run < BASELINE_RUNS; run++) {
      const t0 = now();
      const reply = await stateNetwork.request(aPeer, STATE_PROTOCOL, new Uint8Array(0));
      if (!reply.ok) throw new Error(`state request: ${reply.error.message}`);
      const doc = new Y.Doc();
      Y.applyUpdate(doc, reply.value);
      stateMs.push(now() - t0);
      if (renderCanonical(doc) !== expected) throw new Error('the compacted state does not render A’s text');
    }
    const stateBytes = stateTraffic.bytes / stateTraffic.requests;
    const baselineMs = median(stateMs);

    // What signature checks alone cost B, to read the ratio by: one ed25519 verification per envelope.
    const message = new Uint8Array(200).fill(7);
    const signature = da.signer.sign(message);
    const verifiesPerSecond = opsPerSecond(() => void scheme.verify(signature, message, da.signer.publicKey));
    const verifyMs = (summary.envelopes / verifiesPerSecond) * 1000;

    const history = `${patches.length.toLocaleString('en-US')} edits in ${envelopes.toLocaleString('en-US')} envelopes (${label}), ${fmt.bytes(stored)} stored`;
    return [
      {
        bench: `catch-up, a party that missed the whole trace joins over libp2p loopback: ${history} — vs the compacted Yjs state sent once`,
        ours: fmt.ms(catchUpMs),
        baseline: fmt.ms(baselineMs),
        ratio: fmt.ratio(catchUpMs, baselineMs),
        note: `join to canonical text equal to A's: ${summary.pages} page(s) of up to 4 MiB, ${summary.envelopes.toLocaleString('en-US')} envelopes verified and applied (their ed25519 checks alone: ${fmt.ms(verifyMs)} at ${fmt.rate(verifiesPerSecond, 'verifies')}); baseline: encodeStateAsUpdate at A, one request, applyUpdate to a fresh Y.Doc, median of ${BASELINE_RUNS} (${stateMs.map((t) => t.toFixed(0)).join(', ')} ms)`,
      },
      {
        bench: `catch-up bytes transferred, same history — vs the compacted Yjs state`,
        ours: fmt.bytes(catchUpTraffic.bytes),
        baseline: fmt.bytes(stateBytes),
        ratio: fmt.ratio(catchUpTraffic.bytes, stateBytes),
        note: `request + response payloads counted at B's network.request (${catchUpTraffic.requests} catch-up requests); libp2p framing, noise and yamux not included`,
      },
    ];
  } finally {
    await b?.room.stop();
    await a.room.stop();
    await Promise.all([aNetwork.stop(), bNetwork.stop()]);
  }
}

export async function benchCatchUp(): Promise<Row[]> {
  const trace = loadTrace();
  const patches = trace.patches.slice(0, Math.min(EDITS, trace.patches.length));
  const rows: Row[] = [];
  for (const [coalescing, label] of [
    [{ edits: 16 }, 'sealed every 16 edits'],
    [{ windowMs: 30 }, 'sealed by the 30 ms window at replay speed'],
  ] as const) {
    process.stderr.write(`  catchup: ${label}...\n`);
    rows.push(...(await benchCase(patches, coalescing, label)));
  }
  return rows;
}
