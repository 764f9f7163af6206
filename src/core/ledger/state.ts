/**
 * What the chain so far determines, and nothing else: the negotiation, the tip, the membership
 * (with its equivocation tolerance) that governs the next block, and the room's current epoch.
 */
import { verifyGenesis, type Charter, type GenesisBlock } from '../charter.js';
import { negotiationIdToBytes, type NegotiationId, type SignatureScheme } from '../identity.js';
import { err, ok, type Result } from '../result.js';
import { equivocationTolerance } from '../rules.js';
import type { EquivocationEvidence } from './evidence.js';
import { applyBody, applyRoom } from './body.js';
import type { Block } from './block.js';
import { headerHashOf } from './header.js';
import { Members } from './members.js';
import { genesisRoom, type RoomState } from './room-state.js';

export interface ChainState {
  readonly charter: Charter;
  readonly negotiation: NegotiationId;
  /** Height of the last final block; 0 when only the genesis exists. */
  readonly height: number;
  /** Header hash of the last final block; the negotiation id bytes for the genesis. */
  readonly tipHash: Uint8Array;
  /** The parties who decide the next block. */
  readonly members: Members;
  /** f for the next height (see rules.ts equivocationTolerance). */
  readonly tolerance: number;
  /** The room's current epoch and its key's commitment: what the next admission must hand over. */
  readonly room: RoomState;
}

/**
 * Why something from a peer was not taken, in a form the network layer can act on:
 * invalid (provably bad: penalise the sender), stale (already decided), not-yet (may become valid
 * after catching up), limit (a resource bound), conflict (contradicts a final block: evidence).
 */
export type RejectionCode = 'invalid' | 'stale' | 'not-yet' | 'limit' | 'conflict';

export interface Rejection {
  readonly code: RejectionCode;
  readonly reason: string;
  readonly evidence?: readonly EquivocationEvidence[];
}

export const reject = (code: RejectionCode, reason: string): { ok: false; error: Rejection } => err({ code, reason });

function stateOf(charter: Charter, negotiation: NegotiationId, height: number, tipHash: Uint8Array, members: Members, room: RoomState): ChainState {
  return { charter, negotiation, height, tipHash, members, tolerance: equivocationTolerance(charter.rules, members), room };
}

export function genesisState(genesis: GenesisBlock, scheme: SignatureScheme): Result<ChainState, string> {
  const negotiation = verifyGenesis(genesis, scheme);
  if (!negotiation.ok) return negotiation;
  const { charter } = genesis;
  const room = genesisRoom(genesis.roomKeys);
  return ok(stateOf(charter, negotiation.value, 0, negotiationIdToBytes(negotiation.value), Members.ofCharter(charter), room));
}

/** The state after a block that finality.ts `checkBlock` accepted. */
export function nextState(state: ChainState, block: Block): ChainState {
  const members = applyBody(block.body, state.members);
  const room = applyRoom(block.body, state.room);
  return stateOf(state.charter, state.negotiation, block.header.height, headerHashOf(block.header), members, room);
}
