/**
 * Entry into force, evaluated the same way by every node (the "smart contract" of the design):
 * the first day on which the consents in effect satisfy the charter's rule, the consent that
 * satisfied it, and the day the treaty enters into force (that day plus the rule's delay).
 *
 * A consent is in effect from its date until the party's denunciation is dated. Only a day on
 * which some consent is dated can newly satisfy the rule (denunciations only take away), so those
 * days are the ones tried, in order. On the day the rule is met, the consent that met it is the
 * first, in party id order among that day's consents, whose addition satisfies the rule: the day
 * is what the law cares about; the act named is a deterministic choice among that day's acts.
 *
 * Once in force, the treaty stays in force even if consents fall below the rule (VCLT art. 55).
 * Weights are compared exactly in integers (rules.ts atLeast).
 */
import type { PartyId } from '../identity.js';
import { atLeast, type Membership } from '../rules.js';
import { daysAfter, type Day } from './day.js';
import type { EntryIntoForceRule } from './rule.js';

export interface ConsentEvent {
  readonly party: PartyId;
  readonly act: Uint8Array;
  readonly date: Day;
  /** The date of the party's denunciation, if any. */
  readonly denouncedOn?: Day;
}

export interface EntryIntoForce {
  readonly conditionMetOn: Day;
  readonly conditionMetBy: { readonly act: Uint8Array; readonly party: PartyId };
  readonly inForceSince: Day;
}

interface Tally {
  count: number;
  weight: number;
}

/** Does this set of consenting parties (count, weight) satisfy the rule for this roster? */
export function satisfiesRule(rule: EntryIntoForceRule, tally: { readonly count: number; readonly weight: number }, roster: Membership): boolean {
  let total = 0;
  for (const w of roster.weights.values()) total += w;
  switch (rule.kind) {
    case 'all-negotiating-parties':
      return roster.weights.size > 0 && tally.count === roster.weights.size;
    case 'consents':
      return tally.count >= rule.count;
    case 'consents-and-weight':
      return tally.count >= rule.count && atLeast(tally.weight, total, rule.weightShare);
  }
}

const inEffectOn = (c: ConsentEvent, day: Day): boolean => c.date <= day && (c.denouncedOn === undefined || c.denouncedOn > day);

/** When the rule was first met by `consents` (one per party, of parties on `roster`), or undefined. */
export function evaluateEntryIntoForce(rule: EntryIntoForceRule, roster: Membership, consents: readonly ConsentEvent[]): EntryIntoForce | undefined {
  const counted = consents.filter((c) => roster.weights.has(c.party));
  const days = [...new Set(counted.map((c) => c.date))].sort((a, b) => a - b);
  for (const day of days) {
    const tally: Tally = { count: 0, weight: 0 };
    const today: ConsentEvent[] = [];
    for (const c of counted) {
      if (!inEffectOn(c, day)) continue;
      if (c.date === day) {
        today.push(c);
        continue;
      }
      tally.count++;
      tally.weight += roster.weights.get(c.party)!;
    }
    today.sort((a, b) => (a.party < b.party ? -1 : a.party > b.party ? 1 : 0));
    for (const c of today) {
      tally.count++;
      tally.weight += roster.weights.get(c.party)!;
      if (satisfiesRule(rule, tally, roster)) {
        return { conditionMetOn: day, conditionMetBy: { act: c.act, party: c.party }, inForceSince: daysAfter(day, rule.delayDays) };
      }
    }
  }
  return undefined;
}

/**
 * Since when a consenting party is bound by a treaty in force: from the entry into force, or, for
 * a consent after the condition was met, from its date plus the delay (VCLT 24(3), Paris art.
 * 21(3)): max(inForceSince, consent + delay). Until (exclusive) its denunciation takes effect,
 * its date plus the same delay. Undefined if it took effect before the party was ever bound.
 */
export function boundPeriod(
  rule: EntryIntoForceRule,
  inForceSince: Day,
  consentDate: Day,
  denouncedOn?: Day,
): { readonly since: Day; readonly until?: Day } | undefined {
  const since = Math.max(inForceSince, daysAfter(consentDate, rule.delayDays));
  if (denouncedOn === undefined) return { since };
  const until = daysAfter(denouncedOn, rule.delayDays);
  return until > since ? { since, until } : undefined;
}

export interface EntryIntoForceNeed {
  /** Further consents the rule needs (whatever their weight). */
  readonly moreConsents: number;
  /** Further weight the rule needs ('consents-and-weight' only; else 0). */
  readonly moreWeight: number;
  readonly description: string;
}

/** Smallest integer x with x / total >= share. */
function threshold(total: number, share: { readonly num: number; readonly den: number }): number {
  let x = Math.ceil((total * share.num) / share.den);
  while (x > 0 && atLeast(x - 1, total, share)) x--;
  while (!atLeast(x, total, share)) x++;
  return x;
}

/** What the rule still needs beyond `tally` (the consents in effect), for the UI. */
export function entryIntoForceNeed(rule: EntryIntoForceRule, roster: Membership, tally: { readonly count: number; readonly weight: number }): EntryIntoForceNeed {
  let total = 0;
  for (const w of roster.weights.values()) total += w;
  const needed = rule.kind === 'all-negotiating-parties' ? roster.weights.size : rule.count;
  const moreConsents = Math.max(0, needed - tally.count);
  const moreWeight = rule.kind === 'consents-and-weight' ? Math.max(0, threshold(total, rule.weightShare) - tally.weight) : 0;
  const parts: string[] = [];
  if (moreConsents > 0) parts.push(`${moreConsents} more ${moreConsents === 1 ? 'consent' : 'consents'}`);
  if (moreWeight > 0) parts.push(`${moreWeight} more weight (of ${total})`);
  const description = parts.length === 0 ? 'nothing more' : `${parts.join(' and ')}${rule.kind === 'all-negotiating-parties' ? ' (every negotiating party must consent)' : ''}`;
  return { moreConsents, moreWeight, description };
}
