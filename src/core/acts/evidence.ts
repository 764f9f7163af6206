/**
 * Proof that a party equivocated on its chain of acts: two acts it signed with one seq and
 * different content. Checkable with nothing but the party's public key, like vote evidence, so
 * it can be shown to every delegation and carried in a dossier.
 */
import { Writer, compareBytes, decodeWith, domain } from '../bytes.js';
import { partyIdOf, type PartyId, type SignatureScheme } from '../identity.js';
import { err, ok, type Result } from '../result.js';
import { actHashOf, actMessage, checkActShape, readAct, verifyActSignature, writeAct, type Act } from './act.js';

const ACT_EVIDENCE_DOMAIN = domain('plenary/act-evidence/v1');

export interface ActEquivocation {
  readonly first: Act;
  readonly second: Act;
}

/** The two acts in canonical order (by act hash), so every node holds the same evidence. */
export function actEquivocation(a: Act, b: Act): ActEquivocation {
  return compareBytes(actHashOf(a), actHashOf(b)) <= 0 ? { first: a, second: b } : { first: b, second: a };
}

/** Valid evidence names the culprit: returns the party it convicts. */
export function verifyActEquivocation(e: ActEquivocation, publicKey: Uint8Array, scheme: SignatureScheme): Result<PartyId, string> {
  if (typeof e !== 'object' || e === null) return err('evidence is missing');
  const shape = checkActShape(e.first) ?? checkActShape(e.second);
  if (shape) return err(shape);
  const { first, second } = e;
  if (first.party !== second.party) return err('the two acts are by different parties');
  if (partyIdOf(publicKey) !== first.party) return err("the public key is not the party's");
  if (first.negotiation !== second.negotiation) return err('the two acts are for different negotiations');
  if (first.seq !== second.seq) return err('the two acts have different sequence numbers');
  if (compareBytes(actMessage(first), actMessage(second)) === 0) return err('the two acts are the same act');
  if (!verifyActSignature(first, publicKey, scheme)) return err('the first act is not signed by the party');
  if (!verifyActSignature(second, publicKey, scheme)) return err('the second act is not signed by the party');
  return ok(first.party);
}

export function describeActEquivocation(e: ActEquivocation): string {
  return `party ${e.first.party} signed two different acts (${e.first.kind}, ${e.second.kind}) as its act number ${e.first.seq}`;
}

export function encodeActEquivocation(e: ActEquivocation): Uint8Array {
  const w = new Writer(512);
  w.raw(ACT_EVIDENCE_DOMAIN);
  writeAct(w, e.first);
  writeAct(w, e.second);
  return w.finish();
}

export function decodeActEquivocation(bytes: Uint8Array): ActEquivocation {
  return decodeWith(bytes, 'act evidence', (r) => {
    r.expectDomain(ACT_EVIDENCE_DOMAIN, 'act evidence');
    return { first: readAct(r), second: readAct(r) };
  });
}
