/**
 * One negotiation's acts on a delegation node: the ActRegister restored from the store, this
 * delegation's own acts (signed, checked by the core, stored, then sent), acts from the network
 * stored as the room keeps them, and the treaty's state derived from them all (core
 * deriveTreatyState), with the events a delegation is told: 'act', 'treaty-state' when a version's
 * status changes, and 'entry-into-force' once per version, when this node derives the condition
 * met (the depositary's notice, VCLT art. 77: every node is a depositary).
 */
import { toHex } from '../core/bytes.js';
import { NO_PREVIOUS, actHashOf, encodeAct, signAct, type Act, type UnsignedAct } from '../core/acts/act.js';
import { dayOfMillis, type Day } from '../core/acts/day.js';
import type { ActRejection } from '../core/acts/rejection.js';
import { deriveTreatyState, type TreatyState } from '../core/acts/treaty-state.js';
import type { NegotiationId, SignatureScheme, Signer } from '../core/identity.js';
import type { Ledger } from '../core/ledger/ledger.js';
import { err, ok, type Result } from '../core/result.js';
import { ActRegister, type KeptAct } from '../p2p/room/act-register.js';
import type { KeptActEntry } from '../p2p/room/records.js';
import type { PlenaryStore } from '../store/index.js';
import type { NodeEvent } from './api.js';
import type { ActView } from './api-types.js';
import type { SerialWrites } from './serial-writes.js';
import { actForkEvidenceView, actView, entryIntoForceNotice, standingOf, standings, versionStateView, type NameBook } from './treaty-views.js';

export interface TreatyRecordDeps {
  readonly negotiation: NegotiationId;
  readonly ledger: Ledger;
  readonly store: PlenaryStore;
  readonly scheme: SignatureScheme;
  readonly signer: Signer;
  readonly names: NameBook;
  readonly writes: SerialWrites;
  /** Milliseconds since the epoch: "today" for dates and for what is in force. */
  readonly now: () => number;
  readonly emit: (event: NodeEvent) => void;
}

const toRecord = (k: KeptAct) => ({ party: k.act.party, seq: k.act.seq, hash: k.hash, bytes: k.bytes });

export class TreatyRecord {
  /** Per version (block hex): its last status as told, so 'treaty-state' fires on changes only. */
  private readonly told = new Map<string, string>();
  /** Versions whose entry into force was announced. */
  private readonly announced = new Set<string>();
  private cache: { key: string; state: TreatyState } | undefined;
  private performing: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly register: ActRegister,
    private readonly deps: TreatyRecordDeps,
  ) {}

  /**
   * Restores the register from the stored acts (store order: party, seq); stored acts that no
   * longer stand come back as warnings.
   */
  static restore(deps: TreatyRecordDeps, stored: readonly Uint8Array[]): { record: TreatyRecord; warnings: string[] } {
    const register = new ActRegister(deps.ledger, deps.scheme);
    const warnings: string[] = [];
    for (const bytes of stored) {
      const intake = register.receiveBytes(bytes);
      if (intake.kind === 'refused' || intake.kind === 'waiting') warnings.push(`a stored act does not stand: ${intake.reason}`);
    }
    const record = new TreatyRecord(register, deps);
    record.update(false); // what was known before this session is not news
    return { record, warnings };
  }

  today(): Day {
    return dayOfMillis(this.deps.now());
  }

  /** The treaty's state from every act held, as of `asOf` (default today). */
  state(asOf: Day = this.today()): TreatyState {
    const key = `${this.register.revision}/${this.deps.ledger.height}/${asOf}`;
    if (this.cache?.key !== key) {
      const acts = this.register.all().map((k) => k.act);
      this.cache = { key, state: deriveTreatyState(this.register.treatyView(), acts, this.deps.scheme, { asOf }) };
    }
    return this.cache.state;
  }

  /** Every act held, by party, seq and hash, with where it stands. */
  views(filter: (act: Act) => boolean = () => true): ActView[] {
    const state = this.state();
    const counting = new Set(state.accepted.map((a) => toHex(actHashOf(a))));
    const known = standings(state, this.deps.names);
    const view = this.register.treatyView();
    return this.register
      .all()
      .filter((k) => filter(k.act))
      .map((k) => {
        const { standing, note } = standingOf(k.act, k.hash, counting, known, state, this.deps.names);
        return actView(k.act, k.hash, standing, note, this.deps.names, view, this.deps.scheme);
      });
  }

  /**
   * This delegation's act: signed, checked by the core against everything held (a refusal comes
   * back as the core's reason), stored, counted, then handed to `publish`. One at a time, so two
   * calls never take the same number.
   */
  perform(build: (next: { seq: number; previous: Uint8Array }) => UnsignedAct, publish: (bytes: Uint8Array) => Promise<unknown>): Promise<Result<ActView, ActRejection>> {
    const run = this.performing.then(async (): Promise<Result<ActView, ActRejection>> => {
      const chain = this.register.chainOf(this.deps.signer.party);
      const last = chain[chain.length - 1];
      const unsigned = build({ seq: chain.length, previous: last === undefined ? NO_PREVIOUS : actHashOf(last) });
      let act: Act;
      try {
        act = signAct(this.deps.signer, unsigned);
      } catch (error) {
        return err({ code: 'malformed', reason: error instanceof Error ? error.message.replace(/^cannot sign act: /, '') : String(error) });
      }
      const checked = this.register.check(act);
      if (!checked.ok) return checked;
      const kept: KeptAct = { act, hash: checked.value, bytes: encodeAct(act) };
      await this.deps.writes.run(() => this.deps.store.appendActs(this.deps.negotiation, [toRecord(kept)]));
      this.register.receive(act, kept.bytes);
      this.update(true);
      const view = this.viewOf(kept);
      this.deps.emit({ type: 'act', negotiation: this.deps.negotiation, act: view, origin: 'local' });
      await publish(kept.bytes);
      return ok(view);
    });
    this.performing = run.catch(() => undefined);
    return run;
  }

  /** Acts the room kept from the network: stored, then told. */
  async onActs(entries: readonly KeptActEntry[]): Promise<void> {
    await this.deps.writes.run(() => this.deps.store.appendActs(this.deps.negotiation, entries.map((e) => toRecord(e.kept))));
    this.update(true);
    for (const { kept, status, evidence } of entries) {
      if (status === 'accepted') this.deps.emit({ type: 'act', negotiation: this.deps.negotiation, act: this.viewOf(kept), origin: 'remote' });
      if (status === 'fork' && evidence !== undefined) {
        this.deps.emit({ type: 'equivocation', negotiation: this.deps.negotiation, evidence: actForkEvidenceView(evidence, this.deps.names) });
      }
    }
  }

  /** A block was appended: perhaps a new adopted version, open for signature. */
  onBlock(): void {
    this.update(true);
  }

  private viewOf(kept: KeptAct): ActView {
    return this.views((a) => a === kept.act)[0] ?? actView(kept.act, kept.hash, 'counts', null, this.deps.names, this.register.treatyView(), this.deps.scheme);
  }

  /** Tells what changed since last time (`tell` false: only remember it). */
  private update(tell: boolean): void {
    const asOf = this.today();
    const state = this.state(asOf);
    const { rule } = this.register.treatyView();
    for (const v of state.versions) {
      const key = toHex(v.block);
      const status = `${v.status}/${v.inForceSince ?? ''}/${v.terminatedOn ?? ''}`;
      if (this.told.get(key) !== status) {
        this.told.set(key, status);
        if (tell) this.deps.emit({ type: 'treaty-state', negotiation: this.deps.negotiation, version: versionStateView(v, rule, this.deps.names, asOf) });
      }
      if (v.conditionMetOn !== undefined && !this.announced.has(key)) {
        this.announced.add(key);
        const notice = entryIntoForceNotice(v, rule, this.deps.names, asOf);
        if (tell && notice) this.deps.emit({ type: 'entry-into-force', negotiation: this.deps.negotiation, notice });
      }
    }
  }
}
