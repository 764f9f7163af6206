/**
 * The acceptance through whole delegation nodes, run against every network adapter
 * (MemoryHub and libp2p on 127.0.0.1): the convenor creates a negotiation and invites; the others
 * join and are admitted by the charter's rule; all edit concurrently through node.call; they
 * converge (identical canonical hash); a version is adopted by the rule; every node holds the same
 * ledger. Then a node is closed, edits offline, reopens, and everyone converges again.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { PeerNetwork } from '../../src/p2p/network.js';
import { DelegationNode } from '../../src/node/delegation-node.js';
import { waitFor, waitForValue } from '../support/wait.js';
import { must, removeTempDirs, tempDir } from './node-fixtures.js';

export interface NodeNetworkAdapter {
  readonly name: string;
  readonly delegations: number;
  readonly timeoutMs: number;
  /** The network of a node, from its identity seed. */
  network(seed: Uint8Array): Promise<PeerNetwork>;
}

const TUNING = { antiEntropyMs: 300, behindDelayMs: 50 } as const;

export async function openNetworkedNode(adapter: NodeNetworkAdapter, dataDir: string): Promise<DelegationNode> {
  return DelegationNode.open({ dataDir, flushDelayMs: 5, network: (seed) => adapter.network(seed), roomTuning: TUNING, invitations: { admissionPollMs: 50 } });
}

/** The convenor's negotiation with every other node admitted, one after another, by consensus. */
export async function conveneAndAdmit(nodes: readonly DelegationNode[], wait: { timeoutMs: number }): Promise<string> {
  const [convenor, ...invitees] = nodes as [DelegationNode, ...DelegationNode[]];
  for (const [i, node] of nodes.entries()) await must(node, 'identity.create', { name: `Delegation ${i + 1}` });
  const negotiation = (await must(convenor, 'negotiations.create', { title: 'Albatross Agreement', parties: [] })).id;
  await must(convenor, 'draft.addArticle', { negotiation, id: 'art-1', heading: 'Objective' });
  await must(convenor, 'draft.addParagraph', { negotiation, in: { articleId: 'art-1' }, id: 'p-1', text: 'The Parties shall protect albatrosses.' });

  for (const [k, invitee] of invitees.entries()) {
    const { code } = await must(convenor, 'invitations.create', { negotiation });
    const joined = await must(invitee, 'invitations.join', { code });
    expect(joined.id).toBe(negotiation);
    const admitted = nodes.slice(0, k + 1);
    // Every current party must approve (consensus): the others see the proposal and vote.
    for (const party of admitted.slice(1)) {
      const proposal = await waitForValue(
        `party ${party.party} sees the admission of invitee ${k + 1}`,
        async () => (await must(party, 'adoption.proposals', { negotiation })).find((p) => p.kind === 'admit'),
        wait,
      );
      await must(party, 'invitations.admit', { negotiation, publicKey: invitee.identityView().publicKey, name: `Delegation ${k + 2}`, weight: 1 });
      expect(proposal.kind).toBe('admit');
    }
    await waitFor(
      `invitee ${k + 1} is a party`,
      async () => {
        const summary = (await must(invitee, 'negotiations.list', {})).find((s) => s.id === negotiation);
        return summary?.member === true && summary.status === 'open';
      },
      wait,
    );
  }
  return negotiation;
}

export async function canonicalHashes(nodes: readonly DelegationNode[], negotiation: string): Promise<string[]> {
  return Promise.all(nodes.map(async (n) => (await must(n, 'draft.canonical', { negotiation })).textHash));
}

export async function waitConverged(nodes: readonly DelegationNode[], negotiation: string, wait: { timeoutMs: number }, contains: readonly string[] = []): Promise<string> {
  let last: string[] = [];
  await waitFor(
    'every node holds the same text',
    async () => {
      last = await canonicalHashes(nodes, negotiation);
      if (new Set(last).size !== 1) return false;
      const text = (await must(nodes[0]!, 'draft.canonical', { negotiation })).text;
      return contains.every((c) => text.includes(c));
    },
    wait,
  );
  return last[0]!;
}

async function ledgerOf(node: DelegationNode, negotiation: string): Promise<string[]> {
  return (await must(node, 'history.blocks', { negotiation })).map((b) => `${b.height}:${b.headerHash}`);
}

export function runNodeAcceptance(adapterOf: () => NodeNetworkAdapter): void {
  const adapter = adapterOf();
  const wait = { timeoutMs: adapter.timeoutMs };
  const nodes: DelegationNode[] = [];
  afterEach(async () => {
    await Promise.all(nodes.splice(0).map((n) => n.close()));
    removeTempDirs();
  });

  describe(`delegation nodes on ${adapter.name}`, () => {
    it(`${adapter.delegations} delegations: invite, admit by the rule, edit concurrently, converge, adopt, same ledger; offline edits converge`, async () => {
      const dirs = Array.from({ length: adapter.delegations }, () => tempDir());
      for (const dir of dirs) nodes.push(await openNetworkedNode(adapter, dir));
      const negotiation = await conveneAndAdmit(nodes, wait);

      // Concurrent edits, each through the API, at the same places.
      await Promise.all(
        nodes.map(async (node, i) => {
          await must(node, 'draft.insertText', { negotiation, target: { kind: 'paragraph', paragraphId: 'p-1' }, index: 0, text: `[D${i + 1}] ` });
          await must(node, 'draft.addParagraph', { negotiation, in: { articleId: 'art-1' }, id: `p-from-${i + 1}`, text: `Proposed by delegation ${i + 1}.` });
        }),
      );
      await waitConverged(nodes, negotiation, wait, nodes.map((_, i) => `Proposed by delegation ${i + 1}.`));

      // Adoption by consensus: proposed by one, signed by all.
      const proposal = await must(nodes[1]!, 'adoption.propose', { negotiation, label: 'First reading' });
      for (const node of nodes) {
        await waitFor(`${node.party} sees the adoption proposal`, async () => (await must(node, 'adoption.proposals', { negotiation })).some((p) => p.headerHash === proposal.headerHash), wait);
        await must(node, 'adoption.vote', { negotiation, headerHash: proposal.headerHash });
      }
      const height = adapter.delegations; // admissions (n - 1) + the adoption
      let heights: number[] = [];
      await waitFor(
        'every node holds the adopted version',
        async () => (heights = (await Promise.all(nodes.map((n) => must(n, 'negotiations.get', { negotiation })))).map((d) => d.height)).every((h) => h === height),
        wait,
      ).catch(async (e: unknown) => {
        const tallies = await Promise.all(nodes.map((n) => n.call('adoption.tally', { negotiation, headerHash: proposal.headerHash })));
        throw new Error(`${String(e)}: heights ${heights.join(',')}; tallies ${JSON.stringify(tallies)}`);
      });
      const ledgers = await Promise.all(nodes.map((n) => ledgerOf(n, negotiation)));
      for (const l of ledgers) expect(l).toEqual(ledgers[0]);
      const versions = await Promise.all(nodes.map((n) => must(n, 'history.versions', { negotiation })));
      expect(new Set(versions.map((v) => v[0]?.textHash)).size).toBe(1);

      // One node goes away, edits offline, comes back: everyone converges, nothing lost.
      const last = nodes.length - 1;
      await nodes[last]!.close();
      const offline = await DelegationNode.open({ dataDir: dirs[last]!, flushDelayMs: 5 });
      await must(offline, 'draft.insertText', { negotiation, target: { kind: 'paragraph', paragraphId: 'p-1' }, index: 0, text: 'Offline: ' });
      await offline.close();
      await must(nodes[0]!, 'draft.insertText', { negotiation, target: { kind: 'heading', articleId: 'art-1' }, index: 0, text: 'Online ' });
      nodes[last] = await openNetworkedNode(adapter, dirs[last]!);
      await waitConverged(nodes, negotiation, wait, ['Offline: ', 'Online ']);
    });

    it('refuses wrong, used and expired invitations with a clear error, and admits no one', async () => {
      for (let i = 0; i < 3; i++) nodes.push(await openNetworkedNode(adapter, tempDir()));
      const [convenor, b, c] = nodes as [DelegationNode, DelegationNode, DelegationNode];
      for (const [i, node] of nodes.entries()) await must(node, 'identity.create', { name: `D${i}` });
      const negotiation = (await must(convenor, 'negotiations.create', { title: 'T', parties: [] })).id;
      const { code } = await must(convenor, 'invitations.create', { negotiation });
      await must(convenor, 'invitations.create', { negotiation }); // another one open: the gate lets c ask
      expect(await b.call('invitations.join', { code: code.slice(0, -3) + (code.endsWith('A') ? 'BBB' : 'AAA') })).toMatchObject({ ok: false, error: { code: 'bad-invitation' } });
      await must(b, 'invitations.join', { code });
      const again = await c.call('invitations.join', { code });
      expect(again).toMatchObject({ ok: false, error: { code: 'invitation-refused' } });
      expect(!again.ok && again.error.message).toMatch(/already used/);
      await waitFor('b is admitted', async () => (await must(b, 'negotiations.get', { negotiation })).member, wait);
      expect((await must(convenor, 'negotiations.get', { negotiation })).partyCount).toBe(2);
      expect(await c.call('negotiations.get', { negotiation })).toMatchObject({ ok: false, error: { code: 'unknown-negotiation' } });
    });
  });
}
