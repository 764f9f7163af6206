/**
 * The acts channel: individual acts (signatures, ratifications, reservations...) in and out, on
 * the room's own acts topic, sealed with the room key like everything else, and an acts catch-up
 * by request/response. Every act goes through the ActRegister, i.e. the core's checkAct.
 *
 * Verdicts (gossip and catch-up alike):
 * - accepted, held for a gap or a reference (authentic: signed by a party), or a fork seen for
 *   the first time: 'accept', forwarded. Forwarding both acts of a fork is how every node comes
 *   to hold the proof, as with votes. A held act means we lack something: catch up soon.
 * - duplicates, a fork already known: 'ignore'.
 * - naming a block not final here: 'ignore', kept in memory a while, and catch up (we lack blocks).
 * - forged (malformed, another negotiation, not a party, bad signature) or against the rules:
 *   'reject', which costs the forwarder its gossip score. After a party has forked, nodes may
 *   hold different branches of its chain, so its later acts are only ever ignored.
 *
 * Out: the node signs, checks, stores, then asks the room to publish (`publish`).
 *
 * Catch-up: after each draft-and-ledger catch-up with a party's peer, and soon after a gap is
 * seen, we ask that peer for every act it stored beyond what we accepted per party, and for the
 * forks it knows that we do not. Answers come from the record (the store), never from memory.
 */
import { DecodeError } from '../../core/bytes.js';
import { MAX_RESPONSE_BYTES, type PeerId } from '../network.js';
import { decodeActsMessage, decodeActsResponse, encodeActsMessage, encodeActsRequest, type ActsRequest, type ActsResponse } from '../wire/acts.js';
import type { ActIntake, ActRegister } from './act-register.js';
import { ACCEPT, publishSealed, roomValidator, type Judgement, type RoomContext } from './context.js';
import type { KeptActEntry, RecordSource, RoomSink } from './records.js';
import { ACTS_CATCH_UP_PROTOCOL } from './topics.js';

const IGNORE: Judgement = { verdict: 'ignore' };
const ACTS_PER_READ = 256;
const PAGE_OVERHEAD = 64;

export interface ActsChannelOptions {
  readonly requestTimeoutMs: number;
  /** Page budget of an answer, in bytes. */
  readonly pageBytes: number;
  /** Pages per exchange, at most (each must also bring something). */
  readonly maxPages: number;
}

export interface ActsCatchUpSummary {
  readonly peer: PeerId | undefined;
  readonly ok: boolean;
  /** Acts kept from this exchange (accepted, held or forks). */
  readonly acts: number;
  readonly detail?: string;
}

export class ActsChannel {
  private exchange: Promise<ActsCatchUpSummary> | undefined;
  private stopped = false;

  constructor(
    private readonly ctx: RoomContext,
    private readonly register: ActRegister,
    private readonly records: RecordSource,
    private readonly sink: RoomSink,
    private readonly options: ActsChannelOptions,
  ) {}

  start(): void {
    this.ctx.network.subscribe(this.ctx.topics.acts, roomValidator(this.ctx, 'acts', (plaintext, from) => this.judgeGossip(plaintext, from)), () => {});
  }

  stop(): void {
    this.stopped = true;
    this.ctx.network.unsubscribe(this.ctx.topics.acts);
  }

  /** Gossips an act this delegation signed and stored (the node checked it with the register first). */
  publish(actBytes: Uint8Array): Promise<boolean> {
    return publishSealed(this.ctx, 'acts', encodeActsMessage({ kind: 'act', act: actBytes }));
  }

  /** Acts that named a block not final then: judged again now that the ledger grew. */
  onBlock(): void {
    if (this.register.waitingCount === 0) return;
    const entries: KeptActEntry[] = [];
    for (const intake of this.register.retryWaiting()) entries.push(...this.kept(intake));
    this.keep(entries, undefined);
  }

  /** An act's bytes from a peer (gossip or catch-up): judged, kept, reported. */
  ingest(actBytes: Uint8Array, from: PeerId): { judgement: Judgement; kept: number } {
    const { judgement, entries } = this.judge(actBytes, from);
    this.keep(entries, from);
    return { judgement, kept: entries.length };
  }

  private judge(actBytes: Uint8Array, from: PeerId): { judgement: Judgement; entries: KeptActEntry[] } {
    const intake = this.register.receiveBytes(actBytes);
    return { judgement: this.verdict(intake, from), entries: this.kept(intake) };
  }

  /** Asks `peer` (or a connected party peer) for the acts we lack; one exchange at a time. */
  catchUp(peer?: PeerId): Promise<ActsCatchUpSummary> {
    this.exchange ??= this.run(peer).finally(() => {
      this.exchange = undefined;
    });
    return this.exchange;
  }

  /** Answers a peer's acts request from the record: to current parties only, one page at a time. */
  async answer(from: PeerId, request: ActsRequest): Promise<ActsResponse> {
    if (!this.ctx.parties.isParty(from)) return { kind: 'refused', reason: 'not-a-party' };
    const read = this.records.acts;
    if (read === undefined) return { kind: 'page', more: false, acts: [] };
    const budget = Math.min(this.options.pageBytes, MAX_RESPONSE_BYTES);
    let used = PAGE_OVERHEAD;
    const acts: Uint8Array[] = [];
    const take = (bytes: Uint8Array): boolean => {
      if (acts.length > 0 && used + bytes.length + 4 > budget) return false;
      used += bytes.length + 4;
      acts.push(bytes);
      return true;
    };
    const known = new Set(request.forks.map((f) => `${f.party}/${f.seq}`));
    // Forks the requester lacks, wherever they are in the chain: the proof must reach everyone.
    for (const { party, seq } of this.register.forks()) {
      if (known.has(`${party}/${seq}`)) continue;
      for (const record of await read.call(this.records, party, seq, ACTS_PER_READ)) {
        if (record.seq !== seq) break;
        if (!take(record.bytes)) return { kind: 'page', more: true, acts };
      }
    }
    for (const party of this.register.parties()) {
      for (let from = request.holds.get(party) ?? 0; ; ) {
        const stored = await read.call(this.records, party, from, ACTS_PER_READ);
        for (const record of stored) if (!take(record.bytes)) return { kind: 'page', more: true, acts };
        if (stored.length < ACTS_PER_READ) break;
        from = stored[stored.length - 1]!.seq + 1;
      }
    }
    return { kind: 'page', more: false, acts };
  }

  private async run(preferred: PeerId | undefined): Promise<ActsCatchUpSummary> {
    const peer = this.choose(preferred);
    if (peer === undefined || this.stopped) return { peer, ok: false, acts: 0, detail: 'no party peer connected' };
    let acts = 0;
    for (let page = 0; page < this.options.maxPages && !this.stopped; page++) {
      const answer = await this.ask(peer);
      if (!answer.ok) return this.ended({ peer, ok: false, acts, detail: answer.error });
      // One write (and one derivation of the treaty at the node) per page, not per act.
      const page: KeptActEntry[] = [];
      let lie: string | undefined;
      for (const bytes of answer.acts) {
        const { judgement, entries } = this.judge(bytes, peer);
        page.push(...entries);
        if (judgement.verdict === 'reject') {
          lie = `the peer sent an act that does not stand: ${judgement.reason ?? ''}`;
          break;
        }
      }
      this.keep(page, peer);
      const keptHere = page.length;
      if (lie !== undefined) {
        this.ctx.events.emit({ type: 'rejected-message', channel: 'acts-catch-up', peer, verdict: 'reject', reason: lie });
        return this.ended({ peer, ok: false, acts: acts + keptHere, detail: lie });
      }
      acts += keptHere;
      if (!answer.more || keptHere === 0) break;
    }
    return this.ended({ peer, ok: true, acts });
  }

  private ended(summary: ActsCatchUpSummary): ActsCatchUpSummary {
    if (summary.peer !== undefined) {
      this.ctx.events.emit({
        type: 'acts-catch-up',
        peer: summary.peer,
        ok: summary.ok,
        acts: summary.acts,
        ...(summary.detail !== undefined && { detail: summary.detail }),
      });
    }
    return summary;
  }

  private choose(preferred: PeerId | undefined): PeerId | undefined {
    const candidates = this.ctx.network.connectedPeers().filter((p) => this.ctx.parties.isParty(p)).sort();
    if (preferred !== undefined && candidates.includes(preferred)) return preferred;
    return candidates[0];
  }

  private async ask(peer: PeerId): Promise<{ ok: true; more: boolean; acts: readonly Uint8Array[] } | { ok: false; error: string }> {
    const forks = this.register.forks().map(({ party, seq }) => ({ party, seq }));
    const request = encodeActsRequest({ negotiation: this.ctx.negotiation, holds: this.register.holds(), forks });
    const reply = await this.ctx.network.request(peer, ACTS_CATCH_UP_PROTOCOL, request, { timeoutMs: this.options.requestTimeoutMs });
    if (!reply.ok) return { ok: false, error: `${reply.error.code}: ${reply.error.message}` };
    let response: ActsResponse;
    try {
      response = decodeActsResponse(reply.value);
    } catch (error) {
      const reason = `acts response: ${error instanceof DecodeError ? error.message : String(error)}`;
      this.ctx.events.emit({ type: 'rejected-message', channel: 'acts-catch-up', peer, verdict: 'reject', reason });
      return { ok: false, error: reason };
    }
    if (response.kind === 'refused') return { ok: false, error: `refused: ${response.reason}` };
    return { ok: true, more: response.more, acts: response.acts };
  }

  private judgeGossip(plaintext: Uint8Array, from: PeerId): Judgement {
    let act: Uint8Array;
    try {
      act = decodeActsMessage(plaintext).act;
    } catch (error) {
      const newer = error instanceof DecodeError && error.code === 'bad-tag';
      return { verdict: newer ? 'ignore' : 'reject', reason: `acts message: ${error instanceof Error ? error.message : String(error)}` };
    }
    return this.ingest(act, from).judgement;
  }

  /** What of an intake is to be stored. */
  private kept(intake: ActIntake): KeptActEntry[] {
    switch (intake.kind) {
      case 'accepted':
        return intake.kept.map((kept) => ({ kept, status: 'accepted' }));
      case 'held':
        return [{ kept: intake.kept, status: 'held' }];
      case 'fork':
        return intake.fresh ? [{ kept: intake.kept, status: 'fork', evidence: intake.evidence }] : [];
      case 'waiting':
      case 'duplicate':
      case 'refused':
        return [];
    }
  }

  /** Reports kept acts at once (the register holds them), and stores them in order. */
  private keep(entries: readonly KeptActEntry[], from: PeerId | undefined): void {
    if (entries.length === 0) return;
    for (const { kept, status, evidence } of entries) {
      this.ctx.events.emit({
        type: 'act',
        act: kept.act,
        hash: kept.hash,
        status,
        from,
        ...(evidence !== undefined && { evidence }),
      });
    }
    const onActs = this.sink.onActs;
    if (onActs !== undefined) void this.ctx.writes.run(`storing ${entries.length} act(s)`, () => onActs.call(this.sink, entries));
  }

  private verdict(intake: ActIntake, from: PeerId): Judgement {
    switch (intake.kind) {
      case 'accepted':
        return ACCEPT;
      case 'held':
        // We lack an earlier act: the catch-up `behind` starts asks for acts once it is done.
        this.ctx.behind(from, `act: ${intake.reason}`);
        return ACCEPT;
      case 'fork':
        return intake.fresh ? ACCEPT : IGNORE;
      case 'waiting':
        this.ctx.behind(from, `act: ${intake.reason}`);
        return IGNORE;
      case 'duplicate':
        return IGNORE;
      case 'refused':
        return { verdict: intake.culpable ? 'reject' : 'ignore', reason: `act: ${intake.reason}` };
    }
  }
}
