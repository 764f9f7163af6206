/**
 * Catch-up progress as the delegation sees it: a room's pages become 'catch-up' events with the
 * exchange's running totals, then how it ended; exchanges that bring nothing stay quiet. And end
 * to end on the MemoryHub: a node that was away hears what it is receiving, from whom.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { PartyId } from '../../src/core/identity.js';
import type { NodeEvent } from '../../src/node/api.js';
import type { DelegationNode } from '../../src/node/delegation-node.js';
import { CatchUpProgress } from '../../src/node/room-attachment.js';
import { MemoryHub } from '../../src/p2p/memory-network.js';
import type { PeerId } from '../../src/p2p/network.js';
import { waitFor } from '../support/wait.js';
import { conveneAndAdmit, openNetworkedNode, waitConverged, type NodeNetworkAdapter } from './network-acceptance.js';
import { must, removeTempDirs, tempDir } from './node-fixtures.js';

const peer = '12D3KooWpeer' as PeerId;
const party = 'ab'.repeat(16) as PartyId;

describe('catch-up progress', () => {
  it('reports running totals page by page, then the end, for the peer and its party', () => {
    const progress = new CatchUpProgress();
    const page = (envelopes: number, blocks: number) => progress.report({ type: 'catch-up', peer, phase: 'page', envelopes, blocks }, party);
    expect(page(300, 1)).toEqual({ type: 'catch-up', peer, party, phase: 'receiving', envelopes: 300, blocks: 1 });
    expect(page(0, 0)).toBeUndefined(); // a page with nothing new changes nothing
    expect(page(112, 0)).toMatchObject({ phase: 'receiving', envelopes: 412, blocks: 1 });
    expect(progress.report({ type: 'catch-up', peer, phase: 'done', envelopes: 412, blocks: 1 }, party)).toEqual({
      type: 'catch-up',
      peer,
      party,
      phase: 'done',
      envelopes: 412,
      blocks: 1,
    });
    // The next exchange starts from zero.
    expect(page(5, 0)).toMatchObject({ phase: 'receiving', envelopes: 5 });
    expect(progress.report({ type: 'catch-up', peer, phase: 'failed', envelopes: 5, blocks: 0, detail: 'timeout: no answer' }, party)).toMatchObject({
      phase: 'failed',
      envelopes: 5,
      reason: 'timeout: no answer',
    });
  });

  it('keeps quiet about exchanges that bring nothing, and their failures (the room retries)', () => {
    const progress = new CatchUpProgress();
    expect(progress.report({ type: 'catch-up', peer, phase: 'page', envelopes: 0, blocks: 0 }, party)).toBeUndefined();
    expect(progress.report({ type: 'catch-up', peer, phase: 'done', envelopes: 0, blocks: 0 }, party)).toBeUndefined();
    expect(progress.report({ type: 'catch-up', peer, phase: 'failed', envelopes: 0, blocks: 0, detail: 'refused' }, party)).toBeUndefined();
  });
});

describe('catch-up events from a node', () => {
  const nodes: DelegationNode[] = [];
  afterEach(async () => {
    await Promise.all(nodes.splice(0).map((n) => n.close()));
    removeTempDirs();
  });

  it('a node back from an absence says what it is receiving, from which party, and when it is done', async () => {
    const hub = new MemoryHub({ seed: 11 });
    const adapter: NodeNetworkAdapter = { name: 'MemoryHub', delegations: 2, timeoutMs: 10_000, network: async (seed) => hub.createNetwork({ seed }) };
    const wait = { timeoutMs: adapter.timeoutMs };
    const dirs = [tempDir(), tempDir()];
    for (const dir of dirs) nodes.push(await openNetworkedNode(adapter, dir));
    const negotiation = await conveneAndAdmit(nodes, wait);
    await waitConverged(nodes, negotiation, wait);

    await nodes[1]!.close();
    const edits = 40;
    for (let i = 0; i < edits; i++) {
      await must(nodes[0]!, 'draft.insertText', { negotiation, target: { kind: 'paragraph', paragraphId: 'p-1' }, index: 0, text: `${i} ` });
    }
    const events: NodeEvent[] = [];
    nodes[1] = await openNetworkedNode(adapter, dirs[1]!);
    nodes[1].events.on((event) => events.push(event));
    await waitConverged(nodes, negotiation, wait, [`${edits - 1} `]);
    const catchUps = () => events.filter((e): e is Extract<NodeEvent, { type: 'catch-up' }> => e.type === 'catch-up');
    await waitFor('the catch-up to be reported done', () => catchUps().some((e) => e.phase === 'done'), wait);

    const convenor = nodes[0]!.identityView();
    const [first, ...rest] = catchUps();
    expect(first).toMatchObject({ negotiation, phase: 'receiving', party: { id: convenor.party, name: 'Delegation 1' } });
    const done = rest.find((e) => e.phase === 'done')!;
    expect(done.envelopes).toBeGreaterThanOrEqual(1);
    expect(done.envelopes).toBeGreaterThanOrEqual(first!.envelopes);
    // Totals only grow within the exchange.
    const receiving = catchUps().filter((e) => e.phase === 'receiving').map((e) => e.envelopes);
    expect([...receiving].sort((a, b) => a - b)).toEqual(receiving);
  });
});
