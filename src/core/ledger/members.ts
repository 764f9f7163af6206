/**
 * The parties of a negotiation at one height: the charter's parties plus those admitted, minus
 * those removed. Immutable: admitting or removing returns a new value, so the ledger can keep the
 * membership of every height (blocks that change nobody share one object).
 */
import { toHex } from '../bytes.js';
import type { Charter, PartySpec } from '../charter.js';
import type { PartyId, PartyRoster } from '../identity.js';
import type { Membership } from '../rules.js';

export class Members implements Membership, PartyRoster {
  readonly weights: ReadonlyMap<PartyId, number>;
  private readonly keys: ReadonlySet<string>;

  private constructor(private readonly specs: ReadonlyMap<PartyId, PartySpec>) {
    this.weights = new Map([...specs.values()].map((p) => [p.id, p.weight]));
    this.keys = new Set([...specs.values()].map((p) => toHex(p.publicKey)));
  }

  static ofCharter(charter: Charter): Members {
    return new Members(new Map(charter.parties.map((p) => [p.id, p])));
  }

  get size(): number {
    return this.specs.size;
  }

  has(party: PartyId): boolean {
    return this.specs.has(party);
  }

  get(party: PartyId): PartySpec | undefined {
    return this.specs.get(party);
  }

  publicKeyOf(party: PartyId): Uint8Array | undefined {
    return this.specs.get(party)?.publicKey;
  }

  /** Is this key already held by a party (under any id)? */
  hasKey(publicKey: Uint8Array): boolean {
    return this.keys.has(toHex(publicKey));
  }

  /** Parties in order: charter order, then by admission. */
  list(): PartySpec[] {
    return [...this.specs.values()];
  }

  ids(): PartyId[] {
    return [...this.specs.keys()];
  }

  admit(spec: PartySpec): Members {
    const next = new Map(this.specs);
    next.set(spec.id, spec);
    return new Members(next);
  }

  remove(party: PartyId): Members {
    const next = new Map(this.specs);
    next.delete(party);
    return new Members(next);
  }
}
