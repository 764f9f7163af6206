/** Shared fixtures for the draft tests: parties, delegations (replica + author), checks. */
import { expect } from 'vitest';
import * as Y from 'yjs';
import {
  createSigner,
  keyPairFromSeed,
  type NegotiationId,
  type PartyId,
  type PartyRoster,
  type SignatureScheme,
  type Signer,
} from '../../src/core/identity.js';
import { createNativeEd25519 } from '../../src/node/native-ed25519.js';
import { DraftAuthor } from '../../src/core/draft/author.js';
import type { Envelope } from '../../src/core/draft/envelope.js';
import { DraftReplica, type AcceptOutcome, type ReplicaOptions } from '../../src/core/draft/replica.js';
import { allParagraphs, treatyRoots } from '../../src/core/draft/schema.js';
import { attribute } from '../../src/core/draft/attribution.js';
import { renderCanonical, textHash } from '../../src/core/draft/canonical.js';
import { toHex } from '../../src/core/bytes.js';

export const native: SignatureScheme = createNativeEd25519();
export const NEGOTIATION = '4e'.repeat(32) as NegotiationId;

export function signerFor(index: number, scheme: SignatureScheme = native): Signer {
  const seed = new Uint8Array(32);
  seed[0] = 0x50;
  seed[31] = index;
  return createSigner(keyPairFromSeed(seed, scheme), scheme);
}

/** A roster whose membership tests can change. */
export class TestRoster implements PartyRoster {
  private readonly keys = new Map<PartyId, Uint8Array>();
  constructor(signers: readonly Signer[] = []) {
    for (const s of signers) this.add(s);
  }
  add(signer: Signer): void {
    this.keys.set(signer.party, signer.publicKey);
  }
  publicKeyOf(party: PartyId): Uint8Array | undefined {
    return this.keys.get(party);
  }
}

export function newReplica(roster: PartyRoster, options: Partial<ReplicaOptions> = {}): DraftReplica {
  return new DraftReplica(NEGOTIATION, roster, { scheme: native, ...options });
}

/** One delegation's node: its replica, its author, the envelopes it has sealed. */
export class Delegation {
  readonly replica: DraftReplica;
  readonly author: DraftAuthor;
  readonly sealed: Envelope[] = [];
  constructor(
    readonly signer: Signer,
    roster: PartyRoster,
    epoch: number,
    options: { coalesce?: boolean; replica?: DraftReplica } = {},
  ) {
    this.replica = options.replica ?? newReplica(roster);
    const attached = DraftAuthor.attach(this.replica, signer, epoch, {
      coalesce: options.coalesce ?? false,
      onEnvelope: (e) => this.sealed.push(e),
      onError: (message) => expect.fail(`author ${signer.party}: ${message}`),
    });
    if (!attached.ok) throw new Error(attached.error);
    this.author = attached.value;
  }
  get doc(): Y.Doc {
    return this.replica.doc;
  }
  flush(): void {
    const result = this.author.flush();
    if (!result.ok) throw new Error(result.error);
  }
}

export function expectNoPending(doc: Y.Doc, context = ''): void {
  if (doc.store.pendingStructs !== null || doc.store.pendingDs !== null) {
    expect.fail(`${context}: Yjs holds pending structs or deletes`);
  }
}

/** Accepts and checks the invariants that hold after every call, whatever the outcome. */
export function deliver(replica: DraftReplica, input: Envelope | Uint8Array, context = ''): AcceptOutcome {
  const outcome = replica.acceptEnvelope(input);
  expectNoPending(replica.doc, context);
  if (replica.faults().length > 0) expect.fail(`${context}: replica faults: ${replica.faults().join('; ')}`);
  return outcome;
}

/** Everything two replicas must agree on once they hold the same envelopes. */
export function fingerprint(replica: DraftReplica): {
  canonical: string;
  hash: string;
  stateVector: string;
  attribution: string;
  frontier: string;
} {
  const doc = replica.doc;
  const canonical = renderCanonical(doc);
  const texts: Array<[string, Y.Text]> = [['title', treatyRoots(doc).title]];
  for (const p of allParagraphs(doc)) texts.push([`p:${p.id}`, p.text]);
  const attribution = texts.map(([name, text]) => `${name}=${JSON.stringify(attribute(doc, text, replica.bindings()))}`).join('\n');
  const frontier = [...replica.frontier()].sort(([a], [b]) => (a < b ? -1 : 1));
  return {
    canonical,
    hash: toHex(textHash(canonical)),
    stateVector: JSON.stringify([...Y.decodeStateVector(Y.encodeStateVector(doc))].sort((a, b) => a[0] - b[0])),
    attribution,
    frontier: JSON.stringify(frontier),
  };
}
