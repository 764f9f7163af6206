/**
 * The acts of one negotiation as this delegation holds them: a register, as a depositary keeps
 * one. Every act is judged by the core (checkAct) against the adopted versions of the ledger and
 * the acts accepted so far; the register only sorts what the core says into what to keep:
 *
 * - accepted: the act stands as its party's next act (ActBook).
 * - held: authentic (signed by a party) but not yet able to stand: an earlier act of its party is
 *   missing (a gap: withheld, or still travelling), or the reservation it objects to has not
 *   arrived. Kept and stored; offered to the core again whenever something is accepted.
 * - fork: a second act by one party under one seq; both are kept, as proof of equivocation.
 * - waiting: names a block not final here yet, so it cannot be judged. Held in memory only
 *   (bounded) and tried again when a block is appended; catch-up brings it again otherwise.
 * - refused: forged or against the rules. Not kept.
 *
 * Pure: no I/O and no clock. The node and the room share one register per negotiation: the
 * room's acts channel feeds it from the network, the node's own acts go through it before they
 * are stored and sent.
 */
import { compareBytes, toHex } from '../../core/bytes.js';
import { actHashOf, decodeAct, encodeAct, type Act } from '../../core/acts/act.js';
import { ActBook, checkAct } from '../../core/acts/check.js';
import { actEquivocation, type ActEquivocation } from '../../core/acts/evidence.js';
import { rejectionSeverity, type ActRejection, type ActRejectionCode } from '../../core/acts/rejection.js';
import { treatyViewOf, type TreatyView } from '../../core/acts/view.js';
import type { PartyId, SignatureScheme } from '../../core/identity.js';
import type { Ledger } from '../../core/ledger/ledger.js';
import type { Result } from '../../core/result.js';

/** An act with its hash and its wire bytes, as stored. */
export interface KeptAct {
  readonly act: Act;
  readonly hash: Uint8Array;
  readonly bytes: Uint8Array;
}

export type ActStatus = 'accepted' | 'held' | 'fork';

export type ActIntake =
  /** The act stands; `kept` is it and every held act it let stand, in the order accepted. */
  | { readonly kind: 'accepted'; readonly kept: readonly KeptAct[] }
  | { readonly kind: 'held'; readonly kept: KeptAct; readonly code: ActRejectionCode; readonly reason: string }
  /** `fresh`: the act was not known here (the evidence may be). */
  | { readonly kind: 'fork'; readonly kept: KeptAct; readonly evidence: ActEquivocation; readonly fresh: boolean }
  | { readonly kind: 'waiting'; readonly reason: string }
  | { readonly kind: 'duplicate' }
  /** `culpable`: the act is provably bad (forged, or its own party broke the rules), not merely stale. */
  | { readonly kind: 'refused'; readonly code: ActRejectionCode; readonly reason: string; readonly culpable: boolean };

export interface ActRegisterLimits {
  /** Authentic acts held for a gap or a reference, all parties together. */
  readonly maxHeld: number;
  /** Acts naming a block not final here. */
  readonly maxWaiting: number;
}

export const DEFAULT_ACT_REGISTER_LIMITS: ActRegisterLimits = { maxHeld: 4096, maxWaiting: 256 };

const FORGED: readonly ActRejectionCode[] = ['malformed', 'wrong-negotiation', 'not-a-party', 'bad-signature'];
const seqKey = (party: PartyId, seq: number): string => `${party}/${seq}`;

export class ActRegister {
  private readonly book = new ActBook();
  /** The accepted acts as kept, by hash (hex). */
  private readonly accepted = new Map<string, KeptAct>();
  private readonly held = new Map<string, KeptAct>();
  private readonly forked = new Map<string, KeptAct>();
  private readonly evidenceBySeq = new Map<string, ActEquivocation>();
  private readonly waiting = new Map<string, { act: Act; bytes: Uint8Array }>();
  private view: { height: number; view: TreatyView } | undefined;
  private changes = 0;

  constructor(
    private readonly ledger: Ledger,
    private readonly scheme: SignatureScheme,
    private readonly limits: ActRegisterLimits = DEFAULT_ACT_REGISTER_LIMITS,
  ) {}

  get negotiation(): string {
    return this.ledger.negotiation;
  }

  /** The adopted versions and rosters as of the ledger's height (rebuilt when a block is appended). */
  treatyView(): TreatyView {
    if (this.view?.height !== this.ledger.height) {
      this.view = { height: this.ledger.height, view: treatyViewOf(this.ledger.charter, this.ledger.blocks()) };
    }
    return this.view.view;
  }

  /** Whether the act would stand now as its party's next act; changes nothing. */
  check(act: Act): Result<Uint8Array, ActRejection> {
    return checkAct(act, { view: this.treatyView(), scheme: this.scheme, accepted: this.book });
  }

  /** Judges an act from anywhere (the network, the store, this delegation) and keeps it if it may. */
  receive(act: Act, bytes: Uint8Array = encodeAct(act)): ActIntake {
    const judged = this.check(act);
    if (judged.ok) return { kind: 'accepted', kept: this.accept({ act, hash: judged.value, bytes }) };
    const { code, reason, evidence } = judged.error;
    if (code === 'duplicate') return { kind: 'duplicate' };
    if (code === 'fork' && evidence !== undefined) return this.fork(act, bytes, evidence);
    switch (rejectionSeverity(code)) {
      case 'not-yet':
        return code === 'unknown-block' ? this.wait(act, bytes, reason) : this.hold(act, bytes, code, reason);
      case 'ignore':
      case 'conflict':
        return { kind: 'duplicate' };
      case 'invalid':
        // After a fork, nodes may hold different branches of the party's chain: who forwarded
        // its later acts cannot be blamed for them.
        return { kind: 'refused', code, reason, culpable: FORGED.includes(code) || !this.hasForked(act.party) };
    }
  }

  /** Decodes and receives wire bytes; a decoding failure is a culpable refusal. */
  receiveBytes(bytes: Uint8Array): ActIntake {
    let act: Act;
    try {
      act = decodeAct(bytes);
    } catch (error) {
      return { kind: 'refused', code: 'malformed', reason: error instanceof Error ? error.message : String(error), culpable: true };
    }
    return this.receive(act, bytes);
  }

  /** Tries again the acts that named blocks not final before; call after a block is appended. */
  retryWaiting(): ActIntake[] {
    const waiting = [...this.waiting.values()];
    this.waiting.clear();
    return waiting.map(({ act, bytes }) => this.receive(act, bytes));
  }

  status(hash: Uint8Array): ActStatus | undefined {
    const key = toHex(hash);
    if (this.accepted.has(key)) return 'accepted';
    if (this.held.has(key)) return 'held';
    return this.forked.has(key) ? 'fork' : undefined;
  }

  /** The party's accepted acts, seq 0, 1, 2... */
  chainOf(party: PartyId): readonly Act[] {
    return this.book.chainOf(party);
  }

  /** Every act kept (accepted, held, forked), by party id, seq, then hash: what deriveTreatyState reads. */
  all(): KeptAct[] {
    const kept = [...this.accepted.values(), ...this.held.values(), ...this.forked.values()];
    return kept.sort((a, b) => (a.act.party < b.act.party ? -1 : a.act.party > b.act.party ? 1 : a.act.seq - b.act.seq || compareBytes(a.hash, b.hash)));
  }

  /** Parties with any act kept, sorted. */
  parties(): PartyId[] {
    return [...new Set(this.all().map((k) => k.act.party))].sort();
  }

  /** Per party, the first seq not accepted here (what a catch-up asks from). */
  holds(): Map<PartyId, number> {
    const out = new Map<PartyId, number>();
    for (const party of this.parties()) out.set(party, this.book.chainOf(party).length);
    return out;
  }

  /** (party, seq) pairs where two acts are held: proof of equivocation. */
  forks(): { party: PartyId; seq: number; evidence: ActEquivocation }[] {
    return [...this.evidenceBySeq.values()].map((evidence) => ({ party: evidence.first.party, seq: evidence.first.seq, evidence }));
  }

  hasForked(party: PartyId): boolean {
    for (const e of this.evidenceBySeq.values()) if (e.first.party === party) return true;
    return false;
  }

  /** Grows whenever an act is kept (accepted, held or forked): a cache key for what is derived from all(). */
  get revision(): number {
    return this.changes;
  }

  get waitingCount(): number {
    return this.waiting.size;
  }

  /** Accepts, then lets every held act that can now stand do so, to a fixpoint. */
  private accept(first: KeptAct): KeptAct[] {
    const accepted: KeptAct[] = [];
    const add = (k: KeptAct): void => {
      const added = this.book.receive(k.act, this.treatyView(), this.scheme);
      if (!added.ok) return;
      this.accepted.set(toHex(k.hash), k);
      this.changes++;
      accepted.push(k);
    };
    add(first);
    for (let moved = true; moved && this.held.size > 0; ) {
      moved = false;
      for (const k of [...this.held.values()].sort((a, b) => a.act.seq - b.act.seq)) {
        const judged = this.check(k.act);
        if (judged.ok) {
          this.dropHeld(k);
          add(k);
          moved = true;
        } else if (judged.error.code === 'fork' && judged.error.evidence !== undefined) {
          this.dropHeld(k);
          this.fork(k.act, k.bytes, judged.error.evidence);
        } else if (rejectionSeverity(judged.error.code) === 'invalid' || judged.error.code === 'duplicate') {
          this.dropHeld(k); // it can never stand now; the store keeps it as signed
        }
      }
    }
    return accepted;
  }

  private hold(act: Act, bytes: Uint8Array, code: ActRejectionCode, reason: string): ActIntake {
    const hash = actHashOf(act);
    const key = toHex(hash);
    if (this.held.has(key)) return { kind: 'duplicate' };
    const kept: KeptAct = { act, hash, bytes };
    const rival = [...this.held.values()].find((h) => h.act.party === act.party && h.act.seq === act.seq);
    if (rival !== undefined) return this.fork(act, bytes, actEquivocation(rival.act, act));
    if (this.held.size >= this.limits.maxHeld) return { kind: 'waiting', reason: `too many acts held for gaps (${this.limits.maxHeld}): ${reason}` };
    this.held.set(key, kept);
    this.changes++;
    return { kind: 'held', kept, code, reason };
  }

  private dropHeld(k: KeptAct): void {
    this.held.delete(toHex(k.hash));
  }

  private fork(act: Act, bytes: Uint8Array, evidence: ActEquivocation): ActIntake {
    const hash = actHashOf(act);
    const key = toHex(hash);
    const fresh = !this.forked.has(key);
    const kept: KeptAct = { act, hash, bytes };
    if (fresh) this.forked.set(key, kept);
    this.changes++;
    const at = seqKey(act.party, act.seq);
    if (!this.evidenceBySeq.has(at)) this.evidenceBySeq.set(at, evidence);
    return { kind: 'fork', kept, evidence: this.evidenceBySeq.get(at)!, fresh };
  }

  private wait(act: Act, bytes: Uint8Array, reason: string): ActIntake {
    const key = toHex(actHashOf(act));
    if (!this.waiting.has(key)) {
      if (this.waiting.size >= this.limits.maxWaiting) this.waiting.delete(this.waiting.keys().next().value!);
      this.waiting.set(key, { act, bytes });
    }
    return { kind: 'waiting', reason };
  }
}
