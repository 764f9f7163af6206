/**
 * Gossipsub v1.1 peer scoring, tuned for a negotiation: a few to a few dozen delegations, long
 * silences, and validators that reject only what is provably bad (bad signature, non-party,
 * malformed). Scoring does nothing for a topic without topic parameters, so every topic the node
 * joins gets TOPIC_SCORE_PARAMS (libp2p-host.ts registers them on subscribe).
 *
 * The arithmetic: each rejected message raises a peer's invalid-delivery counter c by one, and
 * the topic contributes -10·c² to its score (P4). Positive credit is capped at +10. So after 2
 * rejects (-40) we stop gossiping with it, after 3 (-90) we neither publish to it nor accept
 * anything from it (graylist). c decays by 1% a second (half-life ~70 s) and a disconnected
 * peer's score is retained for an hour, so reconnecting does not wash it clean.
 */
import type { PeerScoreParams, PeerScoreThresholds, TopicScoreParams } from '@libp2p/gossipsub/score';

export const TOPIC_SCORE_PARAMS: Readonly<TopicScoreParams> = Object.freeze({
  topicWeight: 1,
  // P1: a little credit for staying in the mesh, +0.01 a second up to +3.
  timeInMeshWeight: 0.01,
  timeInMeshQuantum: 1000,
  timeInMeshCap: 300,
  // P2: credit for being first to deliver, capped, fading within a minute.
  firstMessageDeliveriesWeight: 0.5,
  firstMessageDeliveriesDecay: 0.9,
  firstMessageDeliveriesCap: 20,
  // P3, P3b off: a delegation silent for an hour is not misbehaving, so under-delivery costs nothing.
  meshMessageDeliveriesWeight: 0,
  meshMessageDeliveriesDecay: 0.5,
  meshMessageDeliveriesCap: 1,
  meshMessageDeliveriesThreshold: 1,
  meshMessageDeliveriesWindow: 10,
  meshMessageDeliveriesActivation: 5000,
  meshFailurePenaltyWeight: 0,
  meshFailurePenaltyDecay: 0.5,
  // P4: what this is for: rejected messages cost their sender quadratically.
  invalidMessageDeliveriesWeight: -10,
  invalidMessageDeliveriesDecay: 0.99,
});

/** A fresh object per node: gossipsub mutates `topics` as topics are registered. */
export function peerScoreParams(): Partial<PeerScoreParams> {
  return {
    topics: {},
    topicScoreCap: 10,
    appSpecificScore: () => 0,
    appSpecificWeight: 1,
    // Off: the connection gate already admits only parties' keys (no Sybils to count), and
    // delegations behind one NAT, or every node of a loopback test, share an address.
    IPColocationFactorWeight: 0,
    IPColocationFactorThreshold: 10,
    IPColocationFactorWhitelist: new Set(),
    // P7 (broken IWANT promises, GRAFT during backoff): gossipsub's defaults.
    behaviourPenaltyWeight: -10,
    behaviourPenaltyThreshold: 0,
    behaviourPenaltyDecay: 0.2,
    decayInterval: 1000,
    decayToZero: 0.01,
    retainScore: 3600_000,
  };
}

export const PEER_SCORE_THRESHOLDS: Readonly<PeerScoreThresholds> = Object.freeze({
  gossipThreshold: -10,
  publishThreshold: -50,
  graylistThreshold: -80,
  acceptPXThreshold: 10,
  opportunisticGraftThreshold: 5,
});
