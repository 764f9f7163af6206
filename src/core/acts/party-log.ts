/**
 * One party's accepted acts and what they amount to on each adopted version: the kind rules of
 * checkAct (VCLT arts. 10-23, 54-56) as one place, applied one act at a time, so checking a
 * single act and deriving the whole state agree.
 */
import { equalBytes, toHex } from '../bytes.js';
import type { PartyId } from '../identity.js';
import { actHashOf, type Act, type ActKind } from './act.js';
import type { ActRejectionCode } from './rejection.js';
import type { Day } from './day.js';
import type { ActRef, ConsentState, ObjectionState, SignatureState, StatementState } from './records.js';

/** What one party did on one adopted version. */
export interface PartyVersionRecord {
  initialled?: ActRef;
  signature?: SignatureState;
  consent?: ConsentState;
  /** In force (not withdrawn), by act hash (hex), in the order made. */
  readonly reservations: Map<string, StatementState>;
  readonly declarations: Map<string, StatementState>;
  readonly objections: Map<string, ObjectionState>;
  readonly withdrawn: Set<string>;
  denunciation?: ActRef;
}

export interface Refusal {
  readonly code: ActRejectionCode;
  readonly reason: string;
}

/** An accepted act of any party, by hash: what objections look up. */
export type AcceptedLookup = (hash: Uint8Array) => Act | undefined;

const refusal = (code: ActRejectionCode, reason: string): Refusal => ({ code, reason });
const short = (hash: Uint8Array): string => toHex(hash.subarray(0, 4));
const ATTACHABLE: readonly ActKind[] = ['signature-ad-referendum', 'confirmation', 'definitive-signature', 'consent'];

function emptyRecord(): PartyVersionRecord {
  return { reservations: new Map(), declarations: new Map(), objections: new Map(), withdrawn: new Set() };
}

export class PartyLog {
  readonly acts: Act[] = [];
  readonly hashes: Uint8Array[] = [];
  private readonly own = new Map<string, Act>();
  private readonly records = new Map<string, PartyVersionRecord>();

  constructor(readonly party: PartyId) {}

  /** A log of acts already accepted, in seq order (no checks: they were checked when accepted). */
  static replay(party: PartyId, acts: readonly Act[], accepted?: AcceptedLookup): PartyLog {
    const log = new PartyLog(party);
    for (const act of acts) log.add(act, actHashOf(act), accepted);
    return log;
  }

  get next(): number {
    return this.acts.length;
  }

  get lastDate(): Day | undefined {
    return this.acts[this.acts.length - 1]?.date;
  }

  record(block: Uint8Array): PartyVersionRecord | undefined {
    return this.records.get(toHex(block));
  }

  /**
   * The kind rules for `act` as this party's next act (chain position, date and signature are
   * checked by the caller). Undefined when the act may stand.
   */
  refusal(act: Act, accepted: AcceptedLookup): Refusal | undefined {
    const r = this.records.get(toHex(act.block)) ?? emptyRecord();
    if (r.denunciation) return refusal('denounced', `the party denounced this version (act ${short(r.denunciation.act)}); no act on it follows`);
    const signedFully = r.signature?.kind === 'definitive' || r.signature?.confirmation !== undefined;
    switch (act.kind) {
      case 'initialling':
        if (r.initialled) return refusal('already-done', 'the party already initialled this version');
        if (r.signature || r.consent) return refusal('already-done', 'the party already signed or consented: initialling authenticates a text before signature');
        return undefined;
      case 'signature-ad-referendum':
      case 'definitive-signature':
        if (r.consent) return refusal('already-done', 'the party already consented to be bound');
        if (r.signature?.kind === 'ad-referendum' && !r.signature.confirmation && act.kind === 'definitive-signature') {
          return refusal('already-done', 'the party signed ad referendum: it confirms that signature instead');
        }
        if (r.signature) return refusal('already-done', 'the party already signed this version');
        return undefined;
      case 'confirmation': {
        const target = this.sameVersionOwn(act, 'confirmation');
        if ('code' in target) return target;
        if (target.kind !== 'signature-ad-referendum') return refusal('bad-reference', `a confirmation confirms a signature ad referendum, not a ${target.kind}`);
        if (r.signature?.confirmation) return refusal('already-done', 'the signature ad referendum is already confirmed');
        return undefined;
      }
      case 'consent':
        if (r.consent) return refusal('already-done', `the party already consented (${r.consent.instrument})`);
        if (act.instrument === 'accession') {
          return r.signature ? refusal('signed-cannot-accede', 'a party that signed ratifies, accepts or approves; accession is for parties that did not sign') : undefined;
        }
        if (!signedFully) {
          return refusal(
            'needs-signature',
            r.signature ? `${act.instrument} needs the signature ad referendum confirmed first` : `${act.instrument} needs the party's signature first (or accession)`,
          );
        }
        return undefined;
      case 'reservation':
      case 'declaration': {
        const target = this.sameVersionOwn(act, act.kind);
        if ('code' in target) return target;
        if (!ATTACHABLE.includes(target.kind)) return refusal('bad-reference', `a ${act.kind} attaches to a signature or consent, not a ${target.kind}`);
        return undefined;
      }
      case 'objection': {
        if (this.own.has(toHex(act.ref))) return refusal('bad-reference', 'a party objects to reservations of other parties, not its own acts');
        const target = accepted(act.ref);
        if (!target) return refusal('unknown-reference', `no accepted act ${short(act.ref)} to object to`);
        if (target.kind !== 'reservation') return refusal('bad-reference', `an objection is to a reservation, not a ${target.kind}`);
        if (!equalBytes(target.block, act.block)) return refusal('bad-reference', 'the reservation is on another version');
        for (const o of r.objections.values()) {
          if (equalBytes(o.reservation, act.ref)) return refusal('already-done', 'the party already objects to this reservation');
        }
        return undefined;
      }
      case 'withdrawal': {
        const target = this.sameVersionOwn(act, 'withdrawal');
        if ('code' in target) return target;
        if (target.kind !== 'reservation' && target.kind !== 'objection') return refusal('bad-reference', `a withdrawal is of a reservation or objection, not a ${target.kind}`);
        if (r.withdrawn.has(toHex(act.ref))) return refusal('already-withdrawn', `the ${target.kind} is already withdrawn`);
        return undefined;
      }
      case 'denunciation':
        if (!r.consent) return refusal('not-bound', 'only a party that consented to be bound can denounce');
        return undefined;
    }
  }

  /** The party's own earlier act `act.ref`, on the same version. */
  private sameVersionOwn(act: Act & { readonly ref: Uint8Array }, what: string): Act | Refusal {
    const target = this.own.get(toHex(act.ref));
    if (!target) return refusal('bad-reference', `a ${what} refers to one of the party's own earlier acts; ${short(act.ref)} is none`);
    if (!equalBytes(target.block, act.block)) return refusal('bad-reference', `a ${what} refers to an act on the same version`);
    return target;
  }

  /** Records an act that passed every check; `reservingParty` names the party an objection is to. */
  add(act: Act, hash: Uint8Array, accepted?: AcceptedLookup): void {
    this.acts.push(act);
    this.hashes.push(hash);
    this.own.set(toHex(hash), act);
    const key = toHex(act.block);
    let r = this.records.get(key);
    if (!r) this.records.set(key, (r = emptyRecord()));
    const ref: ActRef = { act: hash, date: act.date };
    switch (act.kind) {
      case 'initialling':
        r.initialled = ref;
        return;
      case 'signature-ad-referendum':
        r.signature = { ...ref, kind: 'ad-referendum' };
        return;
      case 'definitive-signature':
        r.signature = { ...ref, kind: 'definitive' };
        return;
      case 'confirmation':
        if (r.signature) r.signature = { ...r.signature, confirmation: ref };
        return;
      case 'consent':
        r.consent = { ...ref, instrument: act.instrument };
        return;
      case 'reservation':
        r.reservations.set(toHex(hash), { ...ref, attachedTo: act.ref, text: act.text });
        return;
      case 'declaration':
        r.declarations.set(toHex(hash), { ...ref, attachedTo: act.ref, text: act.text });
        return;
      case 'objection': {
        const reservingParty = (accepted?.(act.ref) ?? this.own.get(toHex(act.ref)))?.party ?? this.party;
        r.objections.set(toHex(hash), {
          ...ref,
          reservation: act.ref,
          reservingParty,
          text: act.text,
          precludesEntryIntoForceBetween: act.precludesEntryIntoForceBetween,
        });
        return;
      }
      case 'withdrawal': {
        const target = toHex(act.ref);
        r.withdrawn.add(target);
        r.reservations.delete(target);
        r.objections.delete(target);
        return;
      }
      case 'denunciation':
        r.denunciation = ref;
        return;
    }
  }
}
