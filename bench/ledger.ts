/**
 * Full-chain verification, 1,000 blocks decided by 20 parties, beside its irreducible part: the
 * same 20,000 ed25519 verifications with nothing around them.
 */
import { signGenesis, type Charter } from '../src/core/charter.js';
import { createSigner, keyPairFromSeed, partyIdOf, type SignatureScheme } from '../src/core/identity.js';
import { adoptBody, bodyHashOf } from '../src/core/ledger/body.js';
import { encodeBlock, decodeBlock, type Block } from '../src/core/ledger/block.js';
import { headerHashOf } from '../src/core/ledger/header.js';
import { Ledger } from '../src/core/ledger/ledger.js';
import { signVote, voteMessage } from '../src/core/ledger/vote.js';
import { verifyChain } from '../src/core/ledger/chain.js';
import { createRoomKey } from '../src/core/room/room-key.js';
import { createNativeEd25519 } from '../src/node/native-ed25519.js';
import { fmt, timed, type Row } from './harness.js';

const PARTIES = 20;
const BLOCKS = 1000;

export function buildChain(scheme: SignatureScheme, parties = PARTIES, blocks = BLOCKS) {
  const signers = Array.from({ length: parties }, (_, i) => {
    const seed = new Uint8Array(32);
    new DataView(seed.buffer).setUint32(0, i + 1);
    return createSigner(keyPairFromSeed(seed, scheme), scheme);
  });
  const charter: Charter = {
    title: 'Benchmark Convention',
    createdAt: 1_700_000_000_000,
    convenor: signers[0]!.party,
    parties: signers.map((s, i) => ({ id: partyIdOf(s.publicKey), name: `Delegation ${i + 1}`, publicKey: s.publicKey, weight: 1 + (i % 5) })),
    rules: {
      admit: { kind: 'consensus' },
      remove: { kind: 'consensus' },
      adopt: { kind: 'consensus' }, // every block carries all 20 signatures
    },
    nonce: new Uint8Array(16),
  };
  const genesis = signGenesis(charter, signers[0]!, createRoomKey());
  if (!genesis.ok) throw new Error(genesis.error);
  const ledger = Ledger.fromGenesis(genesis.value, scheme);
  if (!ledger.ok) throw new Error(ledger.error);
  const l = ledger.value;
  for (let h = 1; h <= blocks; h++) {
    const body = adoptBody({ title: 'Benchmark Convention', text: `Article 1\n1. Version ${h} of the text.\n`, yjsState: new Uint8Array(64), label: `v${h}` });
    const header = { negotiation: l.negotiation, height: h, round: 0, prevHash: l.tip.hash, kind: body.kind, bodyHash: bodyHashOf(body), proposer: signers[h % parties]!.party, proposedAt: 1_700_000_000_000 + h };
    const proposed = l.propose(header, body);
    if (!proposed.ok) throw new Error(proposed.error.reason);
    const target = headerHashOf(header);
    for (const s of signers) l.receiveVote(signVote(s, l.negotiation, h, 0, target));
  }
  return { genesis: genesis.value, blocks: l.blocks(), signers };
}

export function benchLedger(): Row[] {
  const native = createNativeEd25519();
  const { genesis, blocks } = buildChain(native);
  const encoded = blocks.map(encodeBlock);
  const votes = blocks.reduce((n, b) => n + b.votes.length, 0);

  const ours = timed(() => {
    const decoded: Block[] = encoded.map(decodeBlock);
    return verifyChain(genesis, decoded, createNativeEd25519()); // fresh key caches: a cold verifier
  });
  if (!ours.value.ok) throw new Error(`chain did not verify: ${ours.value.error.reason}`);

  // Baseline: the same signatures verified bare (messages prebuilt, no decoding, no rules).
  const bare = createNativeEd25519();
  const keyOf = new Map(genesis.charter.parties.map((p) => [p.id as string, p.publicKey]));
  const jobs = blocks.flatMap((b) => b.votes.map((v) => ({ sig: v.signature, msg: voteMessage(v.negotiation, v.height, v.round, v.target), pk: keyOf.get(v.party)! })));
  const base = timed(() => jobs.every((j) => bare.verify(j.sig, j.msg, j.pk)));

  return [
    {
      bench: `verify a whole chain from genesis: ${BLOCKS} blocks × ${PARTIES} parties (decode + hashes + rules + ${votes.toLocaleString('en-US')} signatures)`,
      ours: fmt.ms(ours.ms),
      baseline: `${fmt.ms(base.ms)} (the ${votes.toLocaleString('en-US')} signatures alone)`,
      ratio: fmt.ratio(ours.ms, base.ms),
    },
  ];
}
