/**
 * The treaty after adoption through the API: this delegation's acts (acts.perform), every act
 * held (acts.list), the treaty derived from them (treaty.state), and the dossier (export.dossier,
 * with dossierParts: what core/dossier builds from). Arguments become a core act here; the core
 * decides whether it stands, and its refusal reaches the caller in its own words.
 */
import { fromHex, toHex } from '../core/bytes.js';
import { encodeGenesis } from '../core/charter.js';
import { actHashOf, encodeAct, type Act, type ActPayload, type UnsignedAct } from '../core/acts/act.js';
import { encodeActEquivocation, type ActEquivocation } from '../core/acts/evidence.js';
import { dayOfMillis, parseDay, type Day } from '../core/acts/day.js';
import type { ActRejection } from '../core/acts/rejection.js';
import { assembleDossier, dossierHashOf, encodeDossier, type Dossier } from '../core/dossier/index.js';
import { encodeBlock } from '../core/ledger/block.js';
import { decodeEvidence, encodeEvidence, type EquivocationEvidence } from '../core/ledger/evidence.js';
import { err, ok, type Result } from '../core/result.js';
import { apiError, apiOk, type ArgsOf, type ResultOf } from './api.js';
import { toBase64 } from './api-codec.js';
import type { ApiError, ApiResult } from './api-types.js';
import type { NegotiationSession } from './negotiation-session.js';
import { treatyStateView } from './treaty-views.js';

type ActCommand = 'acts.perform' | 'acts.list' | 'treaty.state' | 'export.dossier';
type Handlers = { [N in ActCommand]: (session: NegotiationSession, args: ArgsOf<N>) => Promise<ApiResult<ResultOf<N>>> };
type PerformArgs = ArgsOf<'acts.perform'>;

const INSTRUMENTS = ['ratification', 'acceptance', 'approval', 'accession'] as const;
const ATTACHES_TO = new Set(['signature-ad-referendum', 'confirmation', 'definitive-signature', 'consent']);

const refused = (message: string): { ok: false; error: ApiError } => apiError('act-refused', message);

/** The core's refusal in the API's terms: the reason as the core words it. */
function rejectionError(rejection: ActRejection): { ok: false; error: ApiError } {
  switch (rejection.code) {
    case 'not-a-party':
      return apiError('not-a-party', rejection.reason);
    case 'unknown-block':
      return apiError('unknown-version', rejection.reason);
    default:
      return refused(rejection.reason);
  }
}

/** The party's latest own act on `block` of one of `kinds`, for a reference left out. */
function latestOwn(session: NegotiationSession, block: Uint8Array, kinds: ReadonlySet<string>): Act | undefined {
  const chain = session.treaty.register.chainOf(session.self);
  return [...chain].reverse().find((a) => kinds.has(a.kind) && toHex(a.block) === toHex(block));
}

/** What the act does, from the arguments: a payload, or what is missing in words. */
function payloadOf(session: NegotiationSession, args: PerformArgs, block: Uint8Array): Result<ActPayload, string> {
  const kind = (INSTRUMENTS as readonly string[]).includes(args.kind) ? 'consent' : args.kind;
  const needsText = kind === 'reservation' || kind === 'declaration' || kind === 'objection';
  const takesRef = needsText || kind === 'confirmation' || kind === 'withdrawal';
  if (!needsText && args.text !== undefined) return err(`text is for reservations, declarations and objections, not a ${kind}`);
  if (!takesRef && args.refersTo !== undefined) return err(`refersTo is for confirmations, reservations, declarations, objections and withdrawals, not a ${kind}`);
  if (kind !== 'objection' && args.precludesEntryIntoForce !== undefined) return err('precludesEntryIntoForce is for objections only');
  if (kind !== 'consent' && args.instrument !== undefined) return err(`instrument is for a consent, not a ${kind}`);
  if (needsText && args.text === undefined) return err(`a ${kind} needs its text`);
  let ref = args.refersTo === undefined ? undefined : fromHex(args.refersTo);
  if (ref === undefined && (kind === 'reservation' || kind === 'declaration')) ref = latestOwnHash(session, block, ATTACHES_TO);
  if (ref === undefined && kind === 'confirmation') ref = latestOwnHash(session, block, new Set(['signature-ad-referendum']));
  if (ref === undefined && takesRef) {
    return err(
      kind === 'reservation' || kind === 'declaration'
        ? `a ${kind} is attached to this delegation's signature or consent on the version: sign first, or give refersTo`
        : kind === 'confirmation'
          ? 'a confirmation confirms this delegation\'s signature ad referendum on the version: sign ad referendum first'
          : `a ${kind} needs refersTo: the hash of the act it concerns`,
    );
  }
  switch (kind) {
    case 'initialling':
    case 'signature-ad-referendum':
    case 'definitive-signature':
    case 'denunciation':
      return ok({ kind });
    case 'consent': {
      const instrument = kind === args.kind ? (args.instrument ?? 'ratification') : (args.kind as (typeof INSTRUMENTS)[number]);
      if (args.instrument !== undefined && args.instrument !== instrument) return err(`kind ${args.kind} and instrument ${args.instrument} disagree`);
      return ok({ kind, instrument });
    }
    case 'confirmation':
    case 'withdrawal':
      return ok({ kind, ref: ref! });
    case 'reservation':
    case 'declaration':
      return ok({ kind, ref: ref!, text: args.text! });
    case 'objection':
      return ok({ kind, ref: ref!, text: args.text!, precludesEntryIntoForceBetween: args.precludesEntryIntoForce ?? false });
    default:
      return err(`unknown act kind ${String(kind)}`);
  }
}

function latestOwnHash(session: NegotiationSession, block: Uint8Array, kinds: ReadonlySet<string>): Uint8Array | undefined {
  const act = latestOwn(session, block, kinds);
  return act === undefined ? undefined : actHashOf(act);
}

/** The pieces of a dossier as this node holds them (core objects, for core/dossier's assembleDossier). */
export async function dossierParts(session: NegotiationSession): Promise<Parameters<typeof assembleDossier>[0]> {
  await session.settle();
  const state = session.treaty.state();
  const voteEvidence: EquivocationEvidence[] = [...session.ledger.evidence()];
  for (const bytes of await session.store.evidence(session.negotiation)) {
    try {
      voteEvidence.push(decodeEvidence(bytes));
    } catch {
      // Not vote evidence (or damaged): the dossier carries what it can verify.
    }
  }
  return { genesis: session.ledger.genesis, blocks: session.ledger.blocks(), acts: state.accepted, voteEvidence, actEvidence: state.forks };
}

/** The dossier's contents as bytes, deterministic: what another exporter would produce from the same record. */
export interface DossierRecord {
  readonly genesis: Uint8Array;
  /** Final blocks, heights 1, 2, 3... */
  readonly blocks: readonly Uint8Array[];
  /** The acts that count, by party id then seq. */
  readonly acts: readonly Uint8Array[];
  /** Canonical order, as the dossier holds them. */
  readonly voteEvidence: readonly Uint8Array[];
  readonly actEvidence: readonly Uint8Array[];
}

export async function dossierRecord(session: NegotiationSession): Promise<DossierRecord> {
  const d: Dossier = assembleDossier(await dossierParts(session));
  return {
    genesis: encodeGenesis(d.genesis),
    blocks: d.blocks.map(encodeBlock),
    acts: d.acts.map(encodeAct),
    voteEvidence: d.voteEvidence.map(encodeEvidence),
    actEvidence: d.actEvidence.map((e: ActEquivocation) => encodeActEquivocation(e)),
  };
}

export const actCommands: Handlers = {
  'acts.perform': async (session, args) => {
    const block = fromHex(args.block);
    const version = session.treaty.register.treatyView().version(block);
    if (version === undefined) return apiError('unknown-version', `${args.block} is not an adopted version of this negotiation (no final adopt block with that header hash here)`);
    let date: Day = dayOfMillis(session.now());
    if (args.date !== undefined) {
      const parsed = parseDay(args.date);
      if (parsed === undefined) return apiError('invalid-argument', `acts.perform: date ${args.date} is not a day of the calendar (from 1970)`);
      date = parsed;
    }
    const payload = payloadOf(session, args, block);
    if (!payload.ok) return apiError('invalid-argument', `acts.perform: ${payload.error}`);
    const performed = await session.performAct(
      ({ seq, previous }) => ({ negotiation: session.negotiation, party: session.self, seq, previous, block, date, ...payload.value }) as UnsignedAct,
    );
    return performed.ok ? apiOk(performed.value) : rejectionError(performed.error);
  },

  'acts.list': async (session, args) => apiOk(session.treaty.views((act) => args.party === undefined || act.party === args.party)),

  'treaty.state': async (session, args) => {
    const asOf = session.treaty.today();
    const state = session.treaty.state(asOf);
    const view = session.treaty.register.treatyView();
    let versions = state.versions;
    if (args.block !== undefined) {
      versions = versions.filter((v) => toHex(v.block) === args.block);
      if (versions.length === 0) return apiError('unknown-version', `${args.block} is not an adopted version of this negotiation`);
    }
    return apiOk(treatyStateView(session.negotiation, state, view, session.names, asOf, versions));
  },

  'export.dossier': async (session) => {
    const dossier = assembleDossier(await dossierParts(session));
    const bytes = encodeDossier(dossier);
    return apiOk({
      negotiation: session.negotiation,
      bytes: toBase64(bytes),
      hash: toHex(dossierHashOf(bytes)),
      size: bytes.length,
      blocks: dossier.blocks.length,
      acts: dossier.acts.length,
      evidence: dossier.voteEvidence.length + dossier.actEvidence.length,
    });
  },
};
