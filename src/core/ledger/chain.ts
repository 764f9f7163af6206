/** Verifies a whole chain with nothing but the chain: what a dossier verifier and catch-up use. */
import type { GenesisBlock } from '../charter.js';
import type { SignatureScheme } from '../identity.js';
import { err, ok, type Result } from '../result.js';
import type { Block } from './block.js';
import { checkBlock } from './finality.js';
import type { Members } from './members.js';
import type { RoomState } from './room-state.js';
import { genesisState, nextState } from './state.js';

export interface ChainTip {
  readonly height: number;
  readonly hash: Uint8Array;
}

export interface ChainFailure {
  /** The first height that fails: 0 for the genesis. */
  readonly height: number;
  readonly reason: string;
}

/** Blocks must be heights 1, 2, 3... in order; the first bad one is named. */
export function verifyChain(
  genesis: GenesisBlock,
  blocks: readonly Block[],
  scheme: SignatureScheme,
): Result<{ members: Members; tip: ChainTip; room: RoomState }, ChainFailure> {
  const start = genesisState(genesis, scheme);
  if (!start.ok) return err({ height: 0, reason: start.error });
  let state = start.value;
  for (const [i, block] of blocks.entries()) {
    const checked = checkBlock(state, block, scheme);
    if (!checked.ok) return err({ height: i + 1, reason: checked.error.reason });
    state = nextState(state, block);
  }
  return ok({ members: state.members, tip: { height: state.height, hash: state.tipHash }, room: state.room });
}
