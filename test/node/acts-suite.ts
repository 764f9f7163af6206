/**
 * The treaty after adoption through whole delegation nodes, on every network adapter
 * (acts-memory.test.ts: three nodes on the MemoryHub; acts-libp2p.test.ts: a pair over libp2p):
 * a text adopted, A signs, B ratifies, C (offline meanwhile) comes back, catches every act up and
 * derives the same treaty; the last consent brings entry into force, announced once at every node;
 * every node exports the same dossier, which the standalone verifier accepts. And what one node
 * stored of a party's withheld act and of its fork reaches another by catch-up and is shown there.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NO_PREVIOUS, actHashOf, encodeAct, signAct, type Act, type ActPayload } from '../../src/core/acts/act.js';
import { dayOfMillis, formatDay, type Day } from '../../src/core/acts/day.js';
import { fromHex } from '../../src/core/bytes.js';
import { verifyDossier } from '../../src/core/dossier/index.js';
import { createSigner, keyPairFromSeed, type NegotiationId, type Signer } from '../../src/core/identity.js';
import type { NodeEvent, TreatyStateView } from '../../src/node/api.js';
import { fromBase64 } from '../../src/node/api-codec.js';
import { DelegationNode } from '../../src/node/delegation-node.js';
import { createNativeEd25519 } from '../../src/node/native-ed25519.js';
import { openLevelStore } from '../../src/store/level.js';
import { waitFor, waitForValue } from '../support/wait.js';
import { conveneAndAdmit, openNetworkedNode, type NodeNetworkAdapter } from './network-acceptance.js';
import { must, removeTempDirs, tempDir } from './node-fixtures.js';

const scheme = createNativeEd25519();
const TODAY: Day = dayOfMillis(Date.now());
/** Dates a few days back: every act is in the past whatever the clock says when the test runs. */
const daysAgo = (n: number): string => formatDay(TODAY - n);

type Events = NodeEvent[];
const ofType = <T extends NodeEvent['type']>(events: Events, type: T): Extract<NodeEvent, { type: T }>[] =>
  events.filter((e): e is Extract<NodeEvent, { type: T }> => e.type === type);

/** The parts of treaty.state that depend on the acts only (not on which node is asked). */
const comparable = (s: TreatyStateView) => ({ versions: s.versions, gaps: s.gaps, forks: s.forks, refused: s.refused });

/** The delegation's own signer, from the key in its data directory (a test playing a party gone rogue). */
function signerOf(dataDir: string): Signer {
  const seed = fromHex(readFileSync(join(dataDir, 'identity.key'), 'utf8').trim());
  return createSigner(keyPairFromSeed(seed, scheme), scheme);
}

export function runNodeActs(adapterOf: () => NodeNetworkAdapter): void {
  const adapter = adapterOf();
  const wait = { timeoutMs: adapter.timeoutMs };
  const nodes: DelegationNode[] = [];
  afterEach(async () => {
    await Promise.all(nodes.splice(0).map((n) => n.close()));
    removeTempDirs();
  });

  /** Every node a party, a text adopted by all: the negotiation and the adopted block's header hash. */
  async function adoptedAmong(dirs: readonly string[]): Promise<{ negotiation: string; block: string }> {
    for (const dir of dirs) nodes.push(await openNetworkedNode(adapter, dir));
    const negotiation = await conveneAndAdmit(nodes, wait);
    const proposal = await must(nodes[0]!, 'adoption.propose', { negotiation, label: 'Final text' });
    for (const node of nodes) {
      await waitFor('the proposal to reach every node', async () => (await must(node, 'adoption.proposals', { negotiation })).some((p) => p.headerHash === proposal.headerHash), wait);
      await must(node, 'adoption.vote', { negotiation, headerHash: proposal.headerHash });
    }
    await waitFor('the adoption to be final everywhere', async () => (await Promise.all(nodes.map((n) => must(n, 'history.versions', { negotiation })))).every((v) => v.length === 1), wait);
    return { negotiation, block: proposal.headerHash };
  }

  describe(`acts through delegation nodes on ${adapter.name}`, () => {
    it(`${adapter.delegations} delegations: A signs, B ratifies${adapter.delegations > 2 ? ', C catches up after an absence' : ''}; the same treaty everywhere, entry into force announced once at each node; the same dossier`, async () => {
      const dirs = Array.from({ length: adapter.delegations }, () => tempDir());
      const { negotiation, block } = await adoptedAmong(dirs);
      const events: Events[] = nodes.map((node) => {
        const list: Events = [];
        node.events.on((e) => list.push(e));
        return list;
      });
      const last = nodes.length - 1;
      const away = adapter.delegations > 2;
      if (away) await nodes[last]!.close();
      const present = away ? nodes.slice(0, last) : nodes;
      const [a, b] = nodes as [DelegationNode, DelegationNode];

      const signature = await must(a, 'acts.perform', { negotiation, block, kind: 'definitive-signature', date: daysAgo(5) });
      expect(signature).toMatchObject({ kind: 'definitive-signature', seq: 0, standing: 'counts', verified: true, date: daysAgo(5), refersTo: null });
      const reservation = await must(a, 'acts.perform', { negotiation, block, kind: 'reservation', text: 'Article 1 applies to rivers only.', date: daysAgo(5) });
      expect(reservation.refersTo).toBe(signature.hash); // attached to the signature when none is named
      await must(a, 'acts.perform', { negotiation, block, kind: 'ratification', date: daysAgo(4) });
      const early = await b.call('acts.perform', { negotiation, block, kind: 'consent', instrument: 'ratification', date: daysAgo(4) });
      expect(early).toMatchObject({ ok: false, error: { code: 'act-refused' } });
      expect(!early.ok && early.error.message).toMatch(/signature first/);
      await waitFor('B to hold A’s three acts', async () => (await must(b, 'acts.list', { negotiation, party: a.party })).length === 3, wait);
      await must(b, 'acts.perform', { negotiation, block, kind: 'signature-ad-referendum', date: daysAgo(4) });
      await must(b, 'acts.perform', { negotiation, block, kind: 'confirmation', date: daysAgo(3) });
      await must(b, 'acts.perform', { negotiation, block, kind: 'consent', instrument: 'ratification', date: daysAgo(2) });
      const acts = 6;
      await waitFor(
        'every present node to hold all six acts and tell of them (once stored)',
        async () => (await Promise.all(present.map((n) => must(n, 'acts.list', { negotiation })))).every((l, i) => l.length === acts && ofType(events[i]!, 'act').length === acts),
        wait,
      );

      let closing = b;
      if (away) {
        nodes[last] = await openNetworkedNode(adapter, dirs[last]!);
        const c = nodes[last];
        await waitFor('C to catch up every act', async () => (await must(c, 'acts.list', { negotiation })).length === acts, wait);
        const states = await Promise.all(nodes.map((n) => must(n, 'treaty.state', { negotiation })));
        for (const s of states) expect(comparable(s)).toEqual(comparable(states[0]!));
        expect(states[0]!.versions[0]).toMatchObject({ status: 'awaiting-entry-into-force', consents: 2, totalParties: 3 });
        closing = c;
      } else {
        const states = await Promise.all(nodes.map((n) => must(n, 'treaty.state', { negotiation })));
        expect(comparable(states[1]!)).toEqual(comparable(states[0]!));
        expect(states[0]!.versions[0]!.status).toBe('in-force');
      }
      const listening = nodes.map((node, i) => {
        if (!away || i !== last) return events[i]!;
        const list: Events = [];
        node.events.on((e) => list.push(e));
        return list;
      });
      if (away) await must(closing, 'acts.perform', { negotiation, block, kind: 'accession', date: daysAgo(1) });
      const metOn = away ? daysAgo(1) : daysAgo(2);
      const who = away ? `Delegation ${nodes.length}` : 'Delegation 2';
      const instrument = away ? 'accession' : 'ratification';
      await waitFor('every node to announce the entry into force', () => listening.every((l) => ofType(l, 'entry-into-force').length >= 1), wait);
      const expected = `In force since ${metOn}: the condition (all ${nodes.length} negotiating parties) was met by ${who}'s ${instrument} of ${metOn}; in force that day`;
      for (const l of listening) {
        const [notice, ...again] = ofType(l, 'entry-into-force');
        expect(again).toEqual([]);
        expect(notice!.notice).toMatchObject({ block, conditionMetOn: metOn, inForceSince: metOn, sentence: expected });
        expect(ofType(l, 'treaty-state').at(-1)!.version).toMatchObject({ status: 'in-force', statusText: `In force since ${metOn}` });
      }
      const states = await Promise.all(nodes.map((n) => must(n, 'treaty.state', { negotiation })));
      for (const s of states) expect(comparable(s)).toEqual(comparable(states[0]!));
      expect(states[0]!.versions[0]!.sentences[0]).toBe(expected);

      const dossiers = await Promise.all(nodes.map((n) => must(n, 'export.dossier', { negotiation })));
      for (const d of dossiers) expect(d.bytes).toBe(dossiers[0]!.bytes);
      expect(dossiers[0]).toMatchObject({ acts: away ? acts + 1 : acts, evidence: 0 });
      const verified = verifyDossier(fromBase64(dossiers[0]!.bytes)!, scheme);
      expect(verified.ok, JSON.stringify(verified.ok ? '' : verified.failure)).toBe(true);
      const record = await nodes[0]!.dossierRecord(negotiation as NegotiationId);
      expect(record.ok && record.value.acts.length).toBe(away ? acts + 1 : acts);
    });

    it('a party’s withheld act and its fork, held by one node, reach another by catch-up and are shown there', async () => {
      const dirs = [tempDir(), tempDir()];
      const { negotiation, block } = await adoptedAmong(dirs);
      const [a, b] = nodes as [DelegationNode, DelegationNode];
      // The parties' own keys, used as parties gone rogue would: A withholds its act 0, B signs two acts 0.
      const [withholder, forker] = [signerOf(dirs[0]!), signerOf(dirs[1]!)];
      const act = (who: Signer, seq: number, previous: Uint8Array, payload: ActPayload): Act =>
        signAct(who, { negotiation: negotiation as NegotiationId, party: who.party, seq, previous, block: fromHex(block), date: TODAY - 3, ...payload } as Act);
      const withheld = act(withholder, 0, NO_PREVIOUS, { kind: 'definitive-signature' });
      const ratify = act(withholder, 1, actHashOf(withheld), { kind: 'consent', instrument: 'ratification' });
      const forked = [act(forker, 0, NO_PREVIOUS, { kind: 'definitive-signature' }), act(forker, 0, NO_PREVIOUS, { kind: 'initialling' })];
      // B (which redials the inviter when it opens) holds them in its store: A gets them by catch-up.
      await b.close();
      const store = await openLevelStore(join(dirs[1]!, 'store'));
      await store.appendActs(negotiation as NegotiationId, [ratify, ...forked].map((x) => ({ party: x.party, seq: x.seq, hash: actHashOf(x), bytes: encodeAct(x) })));
      await store.close();
      const seenAtA: Events = [];
      a.events.on((e) => seenAtA.push(e));
      nodes[1] = await openNetworkedNode(adapter, dirs[1]!);

      for (const node of [nodes[1], a]) {
        const state = await waitForValue(
          'the node to show the fork and the gap',
          async () => {
            const s = await must(node, 'treaty.state', { negotiation });
            return s.forks.length === 1 && s.gaps.length === 1 ? s : undefined;
          },
          wait,
        );
        expect(state.forks[0]).toMatchObject({ kind: 'acts', culprit: { id: forker.party }, seq: 0 });
        expect(state.gaps[0]).toMatchObject({ party: { id: withholder.party }, missingSeq: 0, heldBeyond: 1 });
        expect(state.gaps[0]!.description).toMatch(/act 0 of Delegation 1 is not held here/);
        const listed = await must(node, 'acts.list', { negotiation });
        expect(listed.map((l) => `${l.party.id === forker.party ? 'forker' : 'withholder'} ${l.standing}`).sort()).toEqual(['forker fork', 'forker fork', 'withholder waiting']);
        expect(listed.every((l) => l.verified)).toBe(true);
        expect(state.versions[0]!.consents).toBe(0);
      }
      await waitFor('A to tell of the fork (once stored)', () => ofType(seenAtA, 'equivocation').length > 0, wait);
      expect(ofType(seenAtA, 'equivocation').map((e) => e.evidence.kind)).toEqual(['acts']);
      expect(ofType(seenAtA, 'entry-into-force')).toEqual([]);
    });
  });
}
