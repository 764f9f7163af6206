/**
 * What the room's channels share: the network and topics, sealing, events, the party map, time,
 * the sink (one write at a time, in order), and two hooks back into the room: `behind` (we seem
 * to lack records: catch up soon) and `publish` (seal and gossip).
 */
import type { NegotiationId } from '../../core/identity.js';
import { MAX_GOSSIP_BYTES, type GossipMessage, type PeerId, type PeerNetwork, type Validator, type Verdict } from '../network.js';
import type { RoomEmitter } from './events.js';
import type { PartyPeers } from './parties.js';
import { openFrom, sealFor, type RoomSealing } from './sealing.js';
import type { Clock, Timers } from './timers.js';
import type { RoomChannel, RoomTopics } from './topics.js';

export interface RoomContext {
  readonly negotiation: NegotiationId;
  readonly network: PeerNetwork;
  readonly topics: RoomTopics;
  readonly sealing: RoomSealing;
  readonly events: RoomEmitter;
  readonly parties: PartyPeers;
  readonly clock: Clock;
  readonly timers: Timers;
  readonly writes: SerialQueue;
  /** Something suggests records are missing here (a gap, a block ahead): catch up soon. */
  behind(peer: PeerId | undefined, why: string): void;
}

/** A channel's decision on one message; `reason` is reported (as a rejected-message event) when given. */
export interface Judgement {
  readonly verdict: Verdict;
  readonly reason?: string;
}

export const ACCEPT: Judgement = { verdict: 'accept' };

/**
 * Runs writes one at a time, in the order given, so blocks reach the store in height order and
 * envelopes in seq order. A failed write is reported and does not stop later ones.
 */
export class SerialQueue {
  private tail: Promise<void> = Promise.resolve();

  constructor(private readonly onError: (message: string) => void) {}

  /** Queues `write`; resolves true once it has completed, false if it failed. */
  run(what: string, write: () => Promise<void> | void): Promise<boolean> {
    const done = this.tail.then(async () => {
      try {
        await write();
        return true;
      } catch (error) {
        this.onError(`${what}: ${error instanceof Error ? error.message : String(error)}`);
        return false;
      }
    });
    this.tail = done.then(() => undefined);
    return done;
  }

  /** Resolves once everything queued so far has completed. */
  drained(): Promise<void> {
    return this.tail;
  }
}

/**
 * The validator for one of the room's topics: open the sealed payload, then let the channel judge
 * the plaintext. Never throws: a bug of ours is reported and the message ignored, not held
 * against the peer that forwarded it.
 */
export function roomValidator(ctx: RoomContext, channel: RoomChannel, judge: (plaintext: Uint8Array, from: PeerId) => Judgement): Validator {
  const topic = ctx.topics[channel];
  return (message: GossipMessage): Verdict => {
    let judgement: Judgement;
    try {
      const opened = openFrom(ctx.sealing, topic, message.data);
      if (opened.ok) {
        judgement = judge(opened.value, message.from);
      } else {
        if (opened.error.behind) ctx.behind(undefined, `a ${channel} payload under a newer room epoch`);
        judgement = opened.error;
      }
    } catch (error) {
      ctx.events.emit({ type: 'error', message: `${channel} validator: ${error instanceof Error ? error.message : String(error)}` });
      return 'ignore';
    }
    if (judgement.verdict !== 'accept' && judgement.reason !== undefined) {
      ctx.events.emit({ type: 'rejected-message', channel, peer: message.from, verdict: judgement.verdict, reason: judgement.reason });
    }
    return judgement.verdict;
  };
}

/**
 * Seals `plaintext` for the channel's topic and gossips it. A payload over the gossip cap is not
 * sent: peers fetch it by catch-up. Failures are reported as events, never thrown.
 */
export async function publishSealed(ctx: RoomContext, channel: RoomChannel, plaintext: Uint8Array): Promise<boolean> {
  const sealed = sealFor(ctx.sealing, ctx.topics[channel], plaintext);
  if (!sealed.ok) {
    ctx.events.emit({ type: 'error', message: `cannot publish on ${channel}: ${sealed.error}` });
    return false;
  }
  if (sealed.value.length > MAX_GOSSIP_BYTES) return false; // travels by catch-up instead
  const sent = await ctx.network.publish(ctx.topics[channel], sealed.value);
  if (!sent.ok && sent.error.code !== 'stopped') {
    ctx.events.emit({ type: 'error', message: `publish on ${channel} failed: ${sent.error.message}` });
  }
  return sent.ok;
}
