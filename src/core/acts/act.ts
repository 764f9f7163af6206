/**
 * An individual act on an adopted text (VCLT arts. 10-23, 54-56), signed by the acting party
 * alone. Each party's acts form a chain of their own: seq 0, 1, 2... each naming the hash of the
 * party's previous act, so a withheld act leaves a visible gap and two acts at one seq are proof
 * of equivocation.
 *
 * A signature ad referendum, once confirmed, is a full signature (VCLT 12(2)(b)). A signature
 * never expresses consent to be bound by itself here (VCLT 12(1) lets a treaty so provide; our
 * charters do not): consent is a 'consent' act (ratification, acceptance, approval, accession).
 *
 * The act hash is a tagged hash of the signed bytes (everything but the signature): what the
 * party signed names the act. ed25519 verifiers may accept more than one signature encoding for
 * one message, and a hash over signature bytes would let a relay give one act two names.
 */
import { DecodeError, Writer, decodeWith, domain, equalBytes, isBytes, type Reader } from '../bytes.js';
import { HASH_BYTES, taggedHash } from '../hash.js';
import {
  NEGOTIATION_ID_BYTES,
  PARTY_ID_BYTES,
  SIGNATURE_BYTES,
  isNegotiationId,
  isPartyId,
  negotiationIdFromBytes,
  negotiationIdToBytes,
  partyIdFromBytes,
  partyIdToBytes,
  type NegotiationId,
  type PartyId,
  type SignatureScheme,
  type Signer,
} from '../identity.js';
import { isDay, type Day } from './day.js';

const ACT_DOMAIN = domain('plenary/act/v1');
const ACT_HASH_TAG = 'plenary/act-hash/v1';

/** Reservations, declarations and objections: a few pages at most. */
export const MAX_ACT_TEXT_CHARS = 20_000;
const MAX_ACT_TEXT_BYTES = MAX_ACT_TEXT_CHARS * 4;
/** A party's acts are numbered from 0; u32. */
export const MAX_SEQ = 0xffffffff;
/** The `previous` of a party's first act. */
export const NO_PREVIOUS: Uint8Array = new Uint8Array(HASH_BYTES);

export type ConsentInstrument = 'ratification' | 'acceptance' | 'approval' | 'accession';
export const CONSENT_INSTRUMENTS: readonly ConsentInstrument[] = ['ratification', 'acceptance', 'approval', 'accession'];

/** What an act does; `ref` is the hash of the act it concerns. */
export type ActPayload =
  | { readonly kind: 'initialling' }
  | { readonly kind: 'signature-ad-referendum' }
  /** Confirms the party's own signature ad referendum `ref` of the same block. */
  | { readonly kind: 'confirmation'; readonly ref: Uint8Array }
  | { readonly kind: 'definitive-signature' }
  | { readonly kind: 'consent'; readonly instrument: ConsentInstrument }
  /** Attached to the party's own signature, confirmation or consent act `ref` of the same block. */
  | { readonly kind: 'reservation'; readonly ref: Uint8Array; readonly text: string }
  | { readonly kind: 'declaration'; readonly ref: Uint8Array; readonly text: string }
  /** To another party's reservation `ref`; VCLT 20(4)(b) when `precludesEntryIntoForceBetween`. */
  | { readonly kind: 'objection'; readonly ref: Uint8Array; readonly text: string; readonly precludesEntryIntoForceBetween: boolean }
  /** Of the party's own reservation or objection `ref` (VCLT 22). */
  | { readonly kind: 'withdrawal'; readonly ref: Uint8Array }
  /** The party withdraws from the treaty (VCLT 54-56). */
  | { readonly kind: 'denunciation' };

export type ActKind = ActPayload['kind'];
export const ACT_KINDS: readonly ActKind[] = [
  'initialling',
  'signature-ad-referendum',
  'confirmation',
  'definitive-signature',
  'consent',
  'reservation',
  'declaration',
  'objection',
  'withdrawal',
  'denunciation',
];

export interface ActHeader {
  readonly negotiation: NegotiationId;
  readonly party: PartyId;
  /** 0, 1, 2... per party, across every version of the negotiation. */
  readonly seq: number;
  /** Hash of the party's act at seq - 1; NO_PREVIOUS for seq 0. */
  readonly previous: Uint8Array;
  /** Header hash of the final adopt block (the adopted version) the act is about. */
  readonly block: Uint8Array;
  /** The date the party declares for its act. */
  readonly date: Day;
}

export type UnsignedAct = ActHeader & ActPayload;
export type Act = UnsignedAct & { readonly signature: Uint8Array };

const KIND_TAGS: Record<ActKind, number> = {
  initialling: 1,
  'signature-ad-referendum': 2,
  confirmation: 3,
  'definitive-signature': 4,
  consent: 5,
  reservation: 6,
  declaration: 7,
  objection: 8,
  withdrawal: 9,
  denunciation: 10,
};
const INSTRUMENT_TAGS: Record<ConsentInstrument, number> = { ratification: 1, acceptance: 2, approval: 3, accession: 4 };

/** Acts that refer to another act by hash. */
export const refOf = (act: ActPayload): Uint8Array | undefined => ('ref' in act ? act.ref : undefined);

function writeUnsigned(w: Writer, a: UnsignedAct): void {
  w.raw(ACT_DOMAIN)
    .fixed(negotiationIdToBytes(a.negotiation), NEGOTIATION_ID_BYTES)
    .fixed(partyIdToBytes(a.party), PARTY_ID_BYTES)
    .u32(a.seq)
    .fixed(a.previous, HASH_BYTES)
    .u8(KIND_TAGS[a.kind])
    .fixed(a.block, HASH_BYTES)
    .u32(a.date);
  switch (a.kind) {
    case 'initialling':
    case 'signature-ad-referendum':
    case 'definitive-signature':
    case 'denunciation':
      return;
    case 'confirmation':
    case 'withdrawal':
      w.fixed(a.ref, HASH_BYTES);
      return;
    case 'consent':
      w.u8(INSTRUMENT_TAGS[a.instrument]);
      return;
    case 'reservation':
    case 'declaration':
      w.fixed(a.ref, HASH_BYTES).text(a.text);
      return;
    case 'objection':
      w.fixed(a.ref, HASH_BYTES).u8(a.precludesEntryIntoForceBetween ? 1 : 0).text(a.text);
      return;
  }
}

function readUnsigned(r: Reader): UnsignedAct {
  r.expectDomain(ACT_DOMAIN, 'act');
  const negotiation = negotiationIdFromBytes(r.fixed(NEGOTIATION_ID_BYTES, 'negotiation'));
  const party = partyIdFromBytes(r.fixed(PARTY_ID_BYTES, 'party'));
  const seq = r.u32('seq');
  const previous = r.fixed(HASH_BYTES, 'previous');
  const tag = r.u8('act kind');
  const block = r.fixed(HASH_BYTES, 'block');
  const date = r.u32('date');
  const header = { negotiation, party, seq, previous, block, date };
  const ref = (): Uint8Array => r.fixed(HASH_BYTES, 'ref');
  const text = (): string => r.text(MAX_ACT_TEXT_BYTES, 'act text');
  switch (tag) {
    case KIND_TAGS.initialling:
      return { ...header, kind: 'initialling' };
    case KIND_TAGS['signature-ad-referendum']:
      return { ...header, kind: 'signature-ad-referendum' };
    case KIND_TAGS.confirmation:
      return { ...header, kind: 'confirmation', ref: ref() };
    case KIND_TAGS['definitive-signature']:
      return { ...header, kind: 'definitive-signature' };
    case KIND_TAGS.consent: {
      const t = r.u8('instrument');
      const instrument = CONSENT_INSTRUMENTS.find((i) => INSTRUMENT_TAGS[i] === t);
      if (!instrument) throw new DecodeError('bad-tag', `unknown consent instrument ${t}`);
      return { ...header, kind: 'consent', instrument };
    }
    case KIND_TAGS.reservation:
      return { ...header, kind: 'reservation', ref: ref(), text: text() };
    case KIND_TAGS.declaration:
      return { ...header, kind: 'declaration', ref: ref(), text: text() };
    case KIND_TAGS.objection: {
      const target = ref();
      const flag = r.u8('precludes flag');
      if (flag > 1) throw new DecodeError('malformed', 'precludes flag must be 0 or 1');
      return { ...header, kind: 'objection', ref: target, precludesEntryIntoForceBetween: flag === 1, text: text() };
    }
    case KIND_TAGS.withdrawal:
      return { ...header, kind: 'withdrawal', ref: ref() };
    case KIND_TAGS.denunciation:
      return { ...header, kind: 'denunciation' };
    default:
      throw new DecodeError('bad-tag', `unknown act kind ${tag}`);
  }
}

/** The bytes the party signs. Throws RangeError on a malformed act: check its shape first. */
export function actMessage(a: UnsignedAct): Uint8Array {
  const w = new Writer(160);
  writeUnsigned(w, a);
  return w.finish();
}

/** The act's name: a tagged hash of what the party signed (see the module comment). */
export function actHashOf(a: UnsignedAct): Uint8Array {
  return taggedHash(ACT_HASH_TAG, actMessage(a));
}

/** The act without its signature, e.g. to compare two acts' content. */
export function unsignedOf(act: Act): UnsignedAct {
  const { signature: _signature, ...rest } = act;
  return rest as UnsignedAct;
}

export function signAct(signer: Signer, act: UnsignedAct): Act {
  if (signer.party !== act.party) throw new RangeError(`signer ${signer.party} cannot sign an act of ${act.party}`);
  const shape = checkActShape({ ...act, signature: new Uint8Array(SIGNATURE_BYTES) });
  if (shape) throw new RangeError(`cannot sign act: ${shape}`);
  return { ...act, signature: signer.sign(actMessage(act)) };
}

/** Checks the signature against a key; the caller decides whose key (the party's). */
export function verifyActSignature(act: Act, publicKey: Uint8Array, scheme: SignatureScheme): boolean {
  return scheme.verify(act.signature, actMessage(act), publicKey);
}

/** The wire form: the signed bytes, then the signature. */
export function encodeAct(act: Act): Uint8Array {
  const w = new Writer(224);
  writeUnsigned(w, act);
  w.fixed(act.signature, SIGNATURE_BYTES);
  return w.finish();
}

export function writeAct(w: Writer, act: Act): void {
  writeUnsigned(w, act);
  w.fixed(act.signature, SIGNATURE_BYTES);
}

export function readAct(r: Reader): Act {
  const unsigned = readUnsigned(r);
  return { ...unsigned, signature: r.fixed(SIGNATURE_BYTES, 'act signature') };
}

/** Decodes the layout only; checkAct decides whether the act stands. */
export function decodeAct(bytes: Uint8Array): Act {
  return decodeWith(bytes, 'act', readAct);
}

const isHash = (b: unknown): b is Uint8Array => isBytes(b, HASH_BYTES);
const isSeq = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= MAX_SEQ;

function checkText(text: unknown): string | undefined {
  if (typeof text !== 'string' || text.trim().length === 0) return 'text must not be empty';
  if ([...text].length > MAX_ACT_TEXT_CHARS) return `text is longer than ${MAX_ACT_TEXT_CHARS} characters`;
  // Lone surrogates do not survive UTF-8: the signed bytes would not be the text.
  if (/[\uD800-\uDFFF]/u.test(text)) return 'text is not well-formed Unicode';
  return undefined;
}

/** Fields well-typed and within the caps, so the act can be encoded and verified; undefined when fine. */
export function checkActShape(act: Act): string | undefined {
  if (typeof act !== 'object' || act === null) return 'act is missing';
  if (!isNegotiationId(act.negotiation)) return 'negotiation is not a negotiation id';
  if (!isPartyId(act.party)) return 'party is not a party id';
  if (!isSeq(act.seq)) return 'seq must be a u32';
  if (!isHash(act.previous)) return `previous must be ${HASH_BYTES} bytes`;
  if (!isHash(act.block)) return `block must be ${HASH_BYTES} bytes`;
  if (!isDay(act.date)) return 'date must be a day number (u32)';
  if (!isBytes(act.signature, SIGNATURE_BYTES)) return `signature must be ${SIGNATURE_BYTES} bytes`;
  if (act.seq === 0 && !equalBytes(act.previous, NO_PREVIOUS)) return 'the first act (seq 0) must have no previous act';
  switch (act.kind) {
    case 'initialling':
    case 'signature-ad-referendum':
    case 'definitive-signature':
    case 'denunciation':
      return undefined;
    case 'confirmation':
    case 'withdrawal':
      return isHash(act.ref) ? undefined : `ref must be ${HASH_BYTES} bytes`;
    case 'consent':
      return CONSENT_INSTRUMENTS.includes(act.instrument) ? undefined : 'unknown consent instrument';
    case 'reservation':
    case 'declaration':
      return isHash(act.ref) ? checkText(act.text) : `ref must be ${HASH_BYTES} bytes`;
    case 'objection':
      if (!isHash(act.ref)) return `ref must be ${HASH_BYTES} bytes`;
      if (typeof act.precludesEntryIntoForceBetween !== 'boolean') return 'precludesEntryIntoForceBetween must be a boolean';
      return checkText(act.text);
    default:
      return 'unknown act kind';
  }
}

/** Same party, seq and signed content (signature bytes aside). */
export function sameAct(a: UnsignedAct, b: UnsignedAct): boolean {
  return equalBytes(actMessage(a), actMessage(b));
}
