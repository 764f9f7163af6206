/**
 * Presence: each delegation publishes where it is (status, cursor) when that changes (throttled)
 * and every `refreshMs` (10 s); others' entries expire `ttlMs` (30 s) after the last one arrived,
 * or at once on a 'leaving' presence.
 *
 * Greetings: a party peer that connects, or a change of membership (ours included: we were just
 * admitted), would otherwise wait up to `refreshMs` to see us. So we publish again as soon as the
 * peer is seen in the presence topic (gossip reaches only peers known to be subscribed), and when
 * a party we had not seen appears (it has likely not seen us either: a newcomer could not read
 * what we sent before it held the room key). At most once per `greetIntervalMs`, however many
 * arrive at once.
 *
 * Verdicts: malformed, another negotiation, bad signature: 'reject' (an unknown kind or version:
 * 'ignore'). A party we do not know:
 * 'ignore' (perhaps admitted in a block we lack). Not newer than the last presence of that party,
 * older than the TTL, or further ahead of our clock than `maxSkewMs`: 'ignore' (replays and stale
 * copies change nothing; a clock far ahead would otherwise pin a party's presence).
 */
import { DecodeError } from '../../core/bytes.js';
import type { PartyId, PartyRoster, SignatureScheme, Signer } from '../../core/identity.js';
import type { PeerId } from '../network.js';
import { decodePresence, encodePresence, signPresence, verifyPresence, type Cursor, type Presence, type PresenceStatus } from '../wire/presence.js';
import { ACCEPT, publishSealed, roomValidator, type Judgement, type RoomContext } from './context.js';
import { every } from './timers.js';

export interface PresenceOptions {
  readonly refreshMs: number;
  readonly ttlMs: number;
  readonly maxSkewMs: number;
  /** Changes (a moving cursor) are published at most this often. */
  readonly throttleMs: number;
  /** Greetings (see above) are published at most this often. */
  readonly greetIntervalMs: number;
  /** How long a greeting waits for a newly connected peer to join the topic (the refresh covers later). */
  readonly greetWaitMs: number;
  /** How often a waiting greeting looks again. */
  readonly greetPollMs: number;
}

export const DEFAULT_PRESENCE_OPTIONS: PresenceOptions = {
  refreshMs: 10_000,
  ttlMs: 30_000,
  maxSkewMs: 60_000,
  throttleMs: 50,
  greetIntervalMs: 1_000,
  greetWaitMs: 5_000,
  greetPollMs: 100,
};

export interface PresenceUpdate {
  readonly status?: PresenceStatus;
  /** null clears the cursor. */
  readonly cursor?: Cursor | null;
}

export class PresenceChannel {
  private readonly others = new Map<PartyId, { presence: Presence; receivedAt: number }>();
  /** The newest `at` seen per party, kept after it leaves or expires, so old copies stay old. */
  private readonly latest = new Map<PartyId, number>();
  private status: PresenceStatus = 'active';
  private cursor: Cursor | undefined;
  private lastAt = 0;
  private pendingPublish: (() => void) | undefined;
  private stopTicking: (() => void) | undefined;
  /** Peers owed a greeting -> when we stop waiting for them to join the topic. */
  private readonly owed = new Map<PeerId, number>();
  private greetPoll: (() => void) | undefined;
  private greetLater: (() => void) | undefined;
  private lastGreetAt = -Infinity;
  private readonly unlisten: (() => void)[] = [];
  private stopped = false;

  constructor(
    private readonly ctx: RoomContext,
    private readonly signer: Signer,
    private readonly scheme: SignatureScheme,
    private readonly roster: PartyRoster,
    private readonly options: PresenceOptions,
  ) {}

  start(): void {
    this.ctx.network.subscribe(this.ctx.topics.presence, roomValidator(this.ctx, 'presence', (plaintext, from) => this.judge(plaintext, from)), () => {});
    this.stopTicking = every(this.ctx.timers, Math.min(this.options.refreshMs, this.options.ttlMs / 3), () => this.tick());
    this.unlisten.push(
      this.ctx.events.on('peer-connected', (event) => {
        if (event.party !== undefined) this.greet([event.peer]);
      }),
      this.ctx.events.on('block-final', (event) => {
        if (event.block.body.kind === 'adopt') return;
        // Membership changed (perhaps ours): greet every party peer, once the block's room keys
        // are stored (the sink adds them to the keyring), so the greeting is sealed under them.
        void this.ctx.writes.drained().then(() => this.greet(this.ctx.network.connectedPeers().filter((peer) => this.ctx.parties.isParty(peer))));
      }),
    );
    void this.publishNow();
  }

  /** Changes our presence; published within `throttleMs`. */
  set(update: PresenceUpdate): void {
    if (update.status !== undefined) this.status = update.status;
    if (update.cursor !== undefined) this.cursor = update.cursor ?? undefined;
    this.pendingPublish ??= this.ctx.timers.after(this.options.throttleMs, () => {
      this.pendingPublish = undefined;
      void this.publishNow();
    });
  }

  /** Others' current presences (ours is not included). */
  current(): ReadonlyMap<PartyId, Presence> {
    return new Map([...this.others].map(([party, entry]) => [party, entry.presence]));
  }

  /** Drops entries older than the TTL. */
  expire(): void {
    const now = this.ctx.clock.now();
    for (const [party, entry] of this.others) {
      if (now - entry.receivedAt >= this.options.ttlMs) {
        this.others.delete(party);
        this.ctx.events.emit({ type: 'presence', party, presence: null });
      }
    }
  }

  /** Says goodbye (best effort) and leaves the topic. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const off of this.unlisten.splice(0)) off();
    this.owed.clear();
    this.greetPoll?.();
    this.greetLater?.();
    this.stopTicking?.();
    this.pendingPublish?.();
    this.pendingPublish = undefined;
    this.status = 'leaving';
    await this.publishNow();
    this.ctx.network.unsubscribe(this.ctx.topics.presence);
  }

  publishNow(): Promise<boolean> {
    // Not a party yet (a delegation being admitted holds no room key): nothing to tell, no one to tell.
    if (this.ctx.sealing.keyring.current === undefined) return Promise.resolve(false);
    // Strictly increasing even if the clock stalls or steps back: receivers keep only newer ones.
    const at = Math.max(this.ctx.clock.now(), this.lastAt + 1);
    this.lastAt = at;
    const presence = signPresence(this.signer, {
      negotiation: this.ctx.negotiation,
      party: this.signer.party,
      at,
      status: this.status,
      ...(this.cursor && { cursor: this.cursor }),
    });
    return publishSealed(this.ctx, 'presence', encodePresence(presence));
  }

  /** Owes `peers` our presence: published once any of them is in the topic (rate-limited). */
  private greet(peers: readonly PeerId[]): void {
    if (this.stopped || peers.length === 0) return;
    const until = this.ctx.clock.now() + this.options.greetWaitMs;
    for (const peer of peers) this.owed.set(peer, until);
    this.settleGreetings();
  }

  private settleGreetings(): void {
    const subscribed = new Set(this.ctx.network.subscribers(this.ctx.topics.presence));
    const now = this.ctx.clock.now();
    let due = false;
    for (const [peer, until] of this.owed) {
      if (subscribed.has(peer)) {
        this.owed.delete(peer);
        due = true;
      } else if (now >= until) {
        this.owed.delete(peer); // it never joined the topic: the refresh will reach it if it does
      }
    }
    if (due) this.publishGreeting();
    if (this.owed.size > 0) {
      this.greetPoll ??= this.ctx.timers.after(this.options.greetPollMs, () => {
        this.greetPoll = undefined;
        this.settleGreetings();
      });
    }
  }

  private publishGreeting(): void {
    if (this.stopped || this.greetLater !== undefined) return; // one already due greets everyone
    const wait = this.lastGreetAt + this.options.greetIntervalMs - this.ctx.clock.now();
    const send = (): void => {
      this.greetLater = undefined;
      if (this.stopped) return;
      this.lastGreetAt = this.ctx.clock.now();
      void this.publishNow();
    };
    if (wait <= 0) send();
    else this.greetLater = this.ctx.timers.after(wait, send);
  }

  private tick(): void {
    void this.publishNow();
    this.expire();
  }

  private judge(plaintext: Uint8Array, _from: PeerId): Judgement {
    let presence: Presence;
    try {
      presence = decodePresence(plaintext);
    } catch (error) {
      const newer = error instanceof DecodeError && error.code === 'bad-tag'; // another version's
      return { verdict: newer ? 'ignore' : 'reject', reason: `presence: ${error instanceof Error ? error.message : String(error)}` };
    }
    if (presence.negotiation !== this.ctx.negotiation) return { verdict: 'reject', reason: 'presence for another negotiation' };
    if (presence.party === this.signer.party) return { verdict: 'ignore' }; // our own, relayed back
    const key = this.roster.publicKeyOf(presence.party);
    if (key === undefined) return { verdict: 'ignore', reason: `presence of ${presence.party}, not a party we know` };
    if (!verifyPresence(presence, key, this.scheme)) return { verdict: 'reject', reason: `presence not signed by ${presence.party}` };
    const now = this.ctx.clock.now();
    if (presence.at <= (this.latest.get(presence.party) ?? -1)) return { verdict: 'ignore' };
    if (presence.at > now + this.options.maxSkewMs) return { verdict: 'ignore', reason: 'presence from too far in the future' };
    if (presence.at < now - this.options.ttlMs) return { verdict: 'ignore' };
    this.latest.set(presence.party, presence.at);
    if (presence.status === 'leaving') {
      if (this.others.delete(presence.party)) this.ctx.events.emit({ type: 'presence', party: presence.party, presence: null });
      return ACCEPT;
    }
    const first = !this.others.has(presence.party);
    this.others.set(presence.party, { presence, receivedAt: now });
    this.ctx.events.emit({ type: 'presence', party: presence.party, presence });
    if (first) queueMicrotask(() => this.publishGreeting()); // not from inside the validator
    return ACCEPT;
  }
}
