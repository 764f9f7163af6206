/**
 * Asking for what we lack. One catch-up runs at a time, from one party peer, page after page
 * while the answer says `more` and each page moved us forward. Every item goes through the same
 * core paths as gossip (Ledger.receiveBlock, DraftReplica.acceptEnvelope), so a lying responder
 * can waste our time but not change our record; a block it sends that the ledger calls invalid
 * ends the exchange with it.
 *
 * When: on connecting to a party peer, soon after a sign that we are behind (an envelope held
 * for a gap, a block or vote ahead of us: debounced, since gossip often fills a gap by itself
 * within milliseconds), and every `antiEntropyMs` from the next party peer in turn.
 */
import { DecodeError } from '../../core/bytes.js';
import type { DraftReplica } from '../../core/draft/replica.js';
import { decodeBlock, type Block } from '../../core/ledger/block.js';
import type { Ledger } from '../../core/ledger/ledger.js';
import type { PeerId } from '../network.js';
import { decodeCatchUpResponse, encodeCatchUpRequest, type CatchUpResponse, type WantedRange } from '../wire/catch-up.js';
import { decodeLedgerMessage } from '../wire/ledger-message.js';
import type { RoomContext } from './context.js';
import { IngestTally, type DraftChannel } from './draft-channel.js';
import type { LedgerChannel } from './ledger-channel.js';
import { CATCH_UP_PROTOCOL } from './topics.js';

export interface CatchUpOptions {
  /** Debounce after a sign of being behind. */
  readonly behindDelayMs: number;
  readonly requestTimeoutMs: number;
  /** Pages per exchange, at most (each must also make progress). */
  readonly maxPages: number;
}

export interface CatchUpSummary {
  readonly peer: PeerId | undefined;
  readonly pages: number;
  readonly envelopes: number;
  readonly blocks: number;
  readonly ok: boolean;
  readonly detail?: string;
}

export class CatchUpClient {
  private chain: Promise<unknown> = Promise.resolve();
  private queued: Promise<CatchUpSummary> | undefined;
  private soonTimer: (() => void) | undefined;
  private soonPeer: PeerId | undefined;
  private turn = 0;
  private stopped = false;

  constructor(
    private readonly ctx: RoomContext,
    private readonly draft: DraftReplica,
    private readonly ledger: Ledger,
    private readonly draftChannel: DraftChannel,
    private readonly ledgerChannel: LedgerChannel,
    private readonly options: CatchUpOptions,
  ) {}

  /**
   * Catches up from `peer` (or a party peer we choose). One exchange at a time: a call while one
   * runs queues the next, and calls made before that one starts share it.
   */
  run(peer?: PeerId): Promise<CatchUpSummary> {
    if (this.queued !== undefined) return this.queued;
    const next = this.chain.then(() => {
      this.queued = undefined;
      return this.exchange(peer).catch((error: unknown) => this.failed({ peer, pages: 0, envelopes: 0, blocks: 0 }, `internal: ${String(error)}`));
    });
    this.queued = next;
    this.chain = next;
    return next;
  }

  /** A sign that we lack something: catch up after the debounce, preferably from `peer`. */
  soon(peer: PeerId | undefined): void {
    if (this.stopped) return;
    if (peer !== undefined) this.soonPeer = peer;
    this.soonTimer ??= this.ctx.timers.after(this.options.behindDelayMs, () => {
      this.soonTimer = undefined;
      const preferred = this.soonPeer;
      this.soonPeer = undefined;
      void this.run(preferred);
    });
  }

  stop(): void {
    this.stopped = true;
    this.soonTimer?.();
    this.soonTimer = undefined;
  }

  /** A connected party peer: `preferred` if it is one, else the next in turn. */
  private choose(preferred: PeerId | undefined): PeerId | undefined {
    const candidates = this.ctx.network.connectedPeers().filter((p) => this.ctx.parties.isParty(p)).sort();
    if (preferred !== undefined && candidates.includes(preferred)) return preferred;
    if (candidates.length === 0) return undefined;
    return candidates[this.turn++ % candidates.length];
  }

  private async exchange(preferred: PeerId | undefined): Promise<CatchUpSummary> {
    const peer = this.choose(preferred);
    const summary = { peer, pages: 0, envelopes: 0, blocks: 0 };
    if (peer === undefined || this.stopped) return { ...summary, ok: false, detail: 'no party peer connected' };
    for (;;) {
      const before = this.position();
      const answer = await this.ask(peer);
      if (!answer.ok) return this.failed(summary, answer.error);
      summary.pages++;
      const applied = this.apply(peer, answer.page);
      summary.envelopes += applied.envelopes;
      summary.blocks += applied.blocks;
      this.ctx.events.emit({ type: 'catch-up', peer, phase: 'page', envelopes: applied.envelopes, blocks: applied.blocks });
      if (applied.lying) return this.failed(summary, 'the peer sent an invalid block');
      const moved = this.position() !== before;
      if (!answer.page.more || !moved || summary.pages >= this.options.maxPages || this.stopped) break;
    }
    this.ctx.events.emit({ type: 'catch-up', peer, phase: 'done', envelopes: summary.envelopes, blocks: summary.blocks });
    return { ...summary, ok: true };
  }

  private failed(summary: Omit<CatchUpSummary, 'ok'>, detail: string): CatchUpSummary {
    if (summary.peer !== undefined) {
      this.ctx.events.emit({ type: 'catch-up', peer: summary.peer, phase: 'failed', envelopes: summary.envelopes, blocks: summary.blocks, detail });
    }
    return { ...summary, ok: false, detail };
  }

  /** Where we stand: changes whenever a page brought something new. */
  private position(): string {
    let settled = 0;
    for (const seq of this.draft.frontier().values()) settled += seq;
    return `${this.ledger.height}/${settled}/${this.draft.heldCount()}`;
  }

  private async ask(peer: PeerId): Promise<{ ok: true; page: Extract<CatchUpResponse, { kind: 'page' }> } | { ok: false; error: string }> {
    const wanted: WantedRange[] = [];
    for (const m of this.draft.missing()) if (m.kind === 'gap') wanted.push({ author: m.author, fromSeq: m.fromSeq, toSeq: m.toSeq });
    const request = encodeCatchUpRequest({ negotiation: this.ctx.negotiation, height: this.ledger.height, frontier: this.draft.frontier(), wanted });
    const reply = await this.ctx.network.request(peer, CATCH_UP_PROTOCOL, request, { timeoutMs: this.options.requestTimeoutMs });
    if (!reply.ok) return { ok: false, error: `${reply.error.code}: ${reply.error.message}` };
    let response: CatchUpResponse;
    try {
      response = decodeCatchUpResponse(reply.value);
    } catch (error) {
      const reason = `catch-up response: ${error instanceof DecodeError ? error.message : String(error)}`;
      this.ctx.events.emit({ type: 'rejected-message', channel: 'catch-up', peer, verdict: 'reject', reason });
      return { ok: false, error: reason };
    }
    if (response.kind === 'refused') return { ok: false, error: `refused: ${response.reason}` };
    return { ok: true, page: response };
  }

  private apply(peer: PeerId, page: Extract<CatchUpResponse, { kind: 'page' }>): { envelopes: number; blocks: number; lying: boolean } {
    const report = (reason: string, verdict: 'reject' | 'ignore' = 'reject'): void =>
      this.ctx.events.emit({ type: 'rejected-message', channel: 'catch-up', peer, verdict, reason });
    let blocks = 0;
    for (const bytes of page.blocks) {
      let block: Block;
      try {
        block = decodeBlock(bytes);
      } catch (error) {
        report(`block: ${error instanceof Error ? error.message : String(error)}`);
        return { envelopes: 0, blocks, lying: true };
      }
      const before = this.ledger.height;
      const judged = this.ledgerChannel.ingestBlock(block, peer);
      if (judged.verdict === 'reject') {
        report(judged.reason ?? 'invalid block');
        return { envelopes: 0, blocks, lying: true };
      }
      if (this.ledger.height > before) blocks++;
    }
    const tally = new IngestTally();
    for (const bytes of page.envelopes) {
      const judged = this.draftChannel.ingest(bytes, peer, tally);
      if (judged.verdict === 'reject') report(judged.reason ?? 'invalid envelope');
    }
    this.draftChannel.reportTally(tally);
    for (const bytes of page.pending) {
      try {
        const judged = this.ledgerChannel.ingest(decodeLedgerMessage(bytes), peer);
        if (judged.verdict === 'reject') report(judged.reason ?? 'invalid ledger message');
      } catch (error) {
        report(`ledger message: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return { envelopes: tally.applied, blocks, lying: false };
  }
}
