/**
 * Acts on one node, offline (a delegation alone adopts, signs and ratifies): arguments made into
 * a core act, refusals in the core's words, the date defaulting to today by the node's clock,
 * the treaty in sentences, the events (a new version open for signature, the act, the entry into
 * force once), and all of it kept across a restart without being announced again.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { NodeEvent } from '../../src/node/api.js';
import type { DelegationNode } from '../../src/node/delegation-node.js';
import { draftingAlone, must, openNode, removeTempDirs, tempDir } from './node-fixtures.js';

/** 14 March 2027, noon UTC. */
const NOW = Date.UTC(2027, 2, 14, 12);

describe('acts on a node', () => {
  const nodes: DelegationNode[] = [];
  afterEach(async () => {
    await Promise.all(nodes.splice(0).map((n) => n.close()));
    removeTempDirs();
  });

  async function adoptedAlone(dir = tempDir()) {
    const node = await openNode(dir, { now: () => NOW });
    nodes.push(node);
    const events: NodeEvent[] = [];
    node.events.on((e) => events.push(e));
    const { negotiation } = await draftingAlone(node);
    const block = (await must(node, 'adoption.propose', { negotiation, label: 'Final text' })).headerHash;
    expect(await must(node, 'adoption.vote', { negotiation, headerHash: block })).toMatchObject({ final: true });
    return { node, negotiation, block, events, dir };
  }

  it('refuses what the rules refuse, in their words, and what the arguments cannot make', async () => {
    const { node, negotiation, block } = await adoptedAlone();
    const call = (args: Record<string, unknown>) => node.call('acts.perform', { negotiation, block, ...args } as never);
    expect(await call({ kind: 'ratification' })).toMatchObject({ ok: false, error: { code: 'act-refused', message: expect.stringMatching(/ratification needs the party's signature first/) } });
    expect(await call({ kind: 'confirmation' })).toMatchObject({ ok: false, error: { code: 'invalid-argument', message: expect.stringMatching(/sign ad referendum first/) } });
    expect(await call({ kind: 'reservation', text: 'Reserved.' })).toMatchObject({ ok: false, error: { code: 'invalid-argument', message: expect.stringMatching(/sign first, or give refersTo/) } });
    expect(await call({ kind: 'objection' })).toMatchObject({ ok: false, error: { code: 'invalid-argument', message: 'acts.perform: a objection needs its text' } });
    expect(await call({ kind: 'definitive-signature', text: 'x' })).toMatchObject({ ok: false, error: { code: 'invalid-argument', message: expect.stringMatching(/text is for reservations/) } });
    expect(await call({ kind: 'ratification', instrument: 'approval' })).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(await call({ kind: 'definitive-signature', date: '2027-02-30' })).toMatchObject({ ok: false, error: { code: 'invalid-argument', message: expect.stringMatching(/2027-02-30 is not a day/) } });
    expect(await call({ kind: 'definitive-signature', block: 'ab'.repeat(32) })).toMatchObject({ ok: false, error: { code: 'unknown-version' } });
    expect(await call({ kind: 'withdrawal', refersTo: 'cd'.repeat(32) })).toMatchObject({ ok: false, error: { code: 'act-refused' } });
    expect(await must(node, 'acts.list', { negotiation })).toEqual([]); // nothing refused was kept
  });

  it('signs and ratifies alone: dated today by default, the treaty in force in words, told once, kept across a restart', async () => {
    const { node, negotiation, block, events, dir } = await adoptedAlone();
    expect(events.filter((e) => e.type === 'treaty-state')).toMatchObject([{ version: { block, status: 'open-for-signature', statusText: 'Open for signature' } }]);
    const signed = await must(node, 'acts.perform', { negotiation, block, kind: 'signature-ad-referendum' });
    expect(signed).toMatchObject({ seq: 0, date: '2027-03-14', kind: 'signature-ad-referendum', standing: 'counts', verified: true, height: 1, label: 'Final text' });
    expect(signed.description).toBe('Republic of Testland signed ad referendum on 2027-03-14');
    const confirmed = await must(node, 'acts.perform', { negotiation, block, kind: 'confirmation' });
    expect(confirmed.refersTo).toBe(signed.hash);
    const declared = await must(node, 'acts.perform', { negotiation, block, kind: 'declaration', text: 'Our understanding of Article 1.' });
    expect(declared.refersTo).toBe(confirmed.hash);
    const ratified = await must(node, 'acts.perform', { negotiation, block, kind: 'consent', date: '2027-03-14' });
    expect(ratified.instrument).toBe('ratification');

    const sentence = "In force since 2027-03-14: the condition (the one negotiating party) was met by Republic of Testland's ratification of 2027-03-14; in force that day";
    const notices = events.filter((e): e is Extract<NodeEvent, { type: 'entry-into-force' }> => e.type === 'entry-into-force');
    expect(notices.map((n) => n.notice)).toEqual([
      { block, height: 1, label: 'Final text', conditionMetOn: '2027-03-14', conditionMetBy: { party: ratified.party, act: ratified.hash }, inForceSince: '2027-03-14', sentence },
    ]);
    expect(events.filter((e) => e.type === 'act').map((e) => e.type === 'act' && `${e.origin} ${e.act.kind}`)).toEqual([
      'local signature-ad-referendum',
      'local confirmation',
      'local declaration',
      'local consent',
    ]);
    const state = await must(node, 'treaty.state', { negotiation, block });
    expect(state).toMatchObject({ asOf: '2027-03-14', rule: 'in force on the day every negotiating party has consented to be bound', gaps: [], forks: [], refused: [] });
    expect(state.versions[0]).toMatchObject({ status: 'in-force', statusText: 'In force since 2027-03-14', consents: 1, inForceSince: '2027-03-14' });
    expect(state.versions[0]!.sentences[0]).toBe(sentence);
    expect(state.versions[0]!.parties[0]).toMatchObject({
      summary: 'Ratified on 2027-03-14',
      signed: true,
      signature: { kind: 'ad-referendum', confirmedOn: '2027-03-14' },
      declarations: [{ text: 'Our understanding of Article 1.' }],
      bound: { since: '2027-03-14', until: null },
    });
    const dossier = await must(node, 'export.dossier', { negotiation });
    expect(dossier).toMatchObject({ negotiation, blocks: 1, acts: 4, evidence: 0 });
    const listed = await must(node, 'acts.list', { negotiation });

    await node.close();
    nodes.splice(0);
    const reopened = await openNode(dir, { now: () => NOW });
    nodes.push(reopened);
    const after: NodeEvent[] = [];
    reopened.events.on((e) => after.push(e));
    expect(await must(reopened, 'acts.list', { negotiation })).toEqual(listed);
    expect(await must(reopened, 'treaty.state', { negotiation })).toEqual(state);
    expect((await must(reopened, 'export.dossier', { negotiation })).bytes).toBe(dossier.bytes);
    expect((await must(reopened, 'negotiations.get', { negotiation })).warnings).toEqual([]);
    // The next act continues the chain; nothing known before the restart is announced again.
    expect(await must(reopened, 'acts.perform', { negotiation, block, kind: 'denunciation', date: '2027-04-01' })).toMatchObject({ seq: 4, standing: 'counts' });
    expect(after.filter((e) => e.type === 'entry-into-force')).toEqual([]);
    // Denounced with effect on 1 April: still in force today (14 March), its end now known and told.
    expect(after.filter((e) => e.type === 'treaty-state')).toMatchObject([{ version: { status: 'in-force', terminatedOn: '2027-04-01', consents: 0 } }]);
    expect((await must(reopened, 'treaty.state', { negotiation })).versions[0]!.parties[0]!.denunciation).toEqual({ act: expect.any(String), date: '2027-04-01', effectiveOn: '2027-04-01' });
  });
});
