/**
 * A delegation node on its own: identity on first run, drafting alone across restarts, adoption
 * in a one-party negotiation (and waiting in a many-party one), a voting record that survives a
 * restart, history with verified votes, diffs, attribution, export.
 */
import { statSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fromBase64 } from '../../src/node/api-codec.js';
import { decodeBlock } from '../../src/core/ledger/block.js';
import { decodeEnvelope } from '../../src/core/draft/envelope.js';
import { decodeGenesis } from '../../src/core/charter.js';
import { delegation } from '../support/ledger-fixtures.js';
import { toHex } from '../../src/core/bytes.js';
import { decodeSnapshot, openLevelStore, type PlenaryStore } from '../../src/store/index.js';
import type { NegotiationId, PartyId } from '../../src/core/identity.js';
import { waitForValue } from '../support/wait.js';
import { draftingAlone, must, openNode, removeTempDirs, tempDir } from './node-fixtures.js';

afterEach(removeTempDirs);

describe('identity', () => {
  it('creates the key on first run (mode 0600) and keeps it; the name is set once', async () => {
    const dir = tempDir();
    const node = await openNode(dir);
    const first = await must(node, 'identity.get', {});
    expect(first.name).toBeNull();
    expect(first.fingerprint).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    if (process.platform !== 'win32') expect(statSync(join(dir, 'identity.key')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'identity.key'), 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);

    const named = await must(node, 'identity.create', { name: 'Kingdom of Norland' });
    expect(named).toEqual({ ...first, name: 'Kingdom of Norland' });
    const again = await node.call('identity.create', { name: 'Someone Else' });
    expect(again).toEqual({ ok: false, error: { code: 'identity-exists', message: expect.stringContaining('Kingdom of Norland') } });
    await node.close();

    const reopened = await openNode(dir);
    expect(await must(reopened, 'identity.get', {})).toEqual(named);
    await reopened.close();
  });

  it('refuses to convene before the delegation has a name', async () => {
    const node = await openNode(tempDir());
    const result = await node.call('negotiations.create', { title: 'Too early', parties: [] });
    expect(result).toMatchObject({ ok: false, error: { code: 'no-identity' } });
    await node.close();
  });
});

describe('drafting alone', () => {
  it('closes and reopens with the same text, structure and attribution', async () => {
    const dir = tempDir();
    const node = await openNode(dir);
    const { negotiation, paragraph } = await draftingAlone(node);
    const target = { kind: 'paragraph', paragraphId: paragraph } as const;
    await must(node, 'draft.insertText', { negotiation, target, index: 18, text: 'individually and jointly ' });
    await must(node, 'draft.deleteText', { negotiation, target, index: 0, length: 4 });
    const bracket = await must(node, 'draft.bracketSpan', { negotiation, paragraphId: paragraph, index: 8, length: 5 });
    await must(node, 'draft.addAlternative', { negotiation, bracketId: bracket.id, text: 'should' });
    await must(node, 'draft.setParagraphStatus', { negotiation, paragraphId: paragraph, status: 'bracketed' });
    await must(node, 'draft.addComment', { negotiation, paragraphId: paragraph, index: 0, length: 7, body: 'Which parties?' });
    const preamble = await must(node, 'draft.addParagraph', { negotiation, in: 'preamble', text: 'The Parties to this Agreement,' });
    const before = await must(node, 'draft.read', { negotiation });
    const canonical = await must(node, 'draft.canonical', { negotiation });
    const attribution = await must(node, 'attribution.paragraph', { negotiation, paragraphId: paragraph });
    expect(canonical.text).toContain('1. Parties [shall | should] individually and jointly protect albatrosses.');
    expect(before.preamble.map((p) => p.id)).toEqual([preamble.id]);
    expect(attribution.runs).toEqual([{ from: 0, to: attribution.text.length, text: attribution.text, party: { id: node.party, name: 'Republic of Testland' } }]);
    await node.close();

    const reopened = await openNode(dir);
    expect(await must(reopened, 'negotiations.list', {})).toMatchObject([{ id: negotiation, title: 'Albatross Agreement', height: 0, member: true }]);
    expect(await must(reopened, 'draft.read', { negotiation })).toEqual(before);
    expect(await must(reopened, 'draft.canonical', { negotiation })).toEqual(canonical);
    expect(await must(reopened, 'attribution.paragraph', { negotiation, paragraphId: paragraph })).toEqual(attribution);
    // Drafting goes on in the new session (a new epoch), and survives another restart.
    await must(reopened, 'draft.insertText', { negotiation, target, index: 0, text: 'All ' });
    const after = await must(reopened, 'draft.canonical', { negotiation });
    await reopened.close();
    const third = await openNode(dir);
    expect(await must(third, 'draft.canonical', { negotiation })).toEqual(after);
    await third.close();
  });

  it('compacts into snapshots as it goes and still reopens to the same text', async () => {
    const dir = tempDir();
    let store: PlenaryStore | undefined;
    const openStore = async (path: string) => (store = await openLevelStore(path));
    const node = await openNode(dir, { compactEvery: 3, flushDelayMs: 0, openStore });
    const { negotiation, paragraph } = await draftingAlone(node, '');
    const target = { kind: 'paragraph', paragraphId: paragraph } as const;
    const words = ['Each ', 'Party ', 'shall ', 'designate ', 'a ', 'national ', 'authority.'];
    let at = 0;
    for (const word of words) {
      await must(node, 'draft.insertText', { negotiation, target, index: at, text: word });
      at += word.length;
    }
    const expected = await must(node, 'draft.canonical', { negotiation });
    expect(expected.text).toContain('1. Each Party shall designate a national authority.');
    // While the node runs: a snapshot covering at least the first three stored envelopes.
    const snapshot = await waitForValue('a snapshot of the draft', async () => {
      const bytes = await store!.getSnapshot(negotiation as NegotiationId);
      return bytes === undefined ? undefined : decodeSnapshot(bytes);
    });
    expect(snapshot.frontier.get(node.party as PartyId)).toBeGreaterThanOrEqual(3);
    await node.close();
    const reopened = await openNode(dir);
    expect(await must(reopened, 'draft.canonical', { negotiation })).toEqual(expected);
    await reopened.close();
  });

  it('refuses edits with the core\'s reasons, as values', async () => {
    const node = await openNode(tempDir());
    const { negotiation, paragraph } = await draftingAlone(node, 'short');
    expect(await node.call('draft.insertText', { negotiation, target: { kind: 'paragraph', paragraphId: 'p-7' }, index: 0, text: 'x' })).toEqual({
      ok: false,
      error: { code: 'unknown-paragraph', message: 'no paragraph p-7' },
    });
    expect(await node.call('draft.deleteText', { negotiation, target: { kind: 'paragraph', paragraphId: paragraph }, index: 3, length: 9 })).toMatchObject({
      ok: false,
      error: { code: 'out-of-range', message: 'range 3+9 is outside 0..5' },
    });
    expect(await node.call('draft.addArticle', { negotiation, id: 'p-1' })).toMatchObject({ ok: false, error: { code: 'duplicate-id' } });
    const unknown = 'ab'.repeat(32);
    expect(await node.call('draft.read', { negotiation: unknown })).toMatchObject({ ok: false, error: { code: 'unknown-negotiation' } });
    await node.close();
  });
});

describe('adoption', () => {
  it('a one-party negotiation adopts alone: propose, see the exact text, vote, final block, history', async () => {
    const dir = tempDir();
    const node = await openNode(dir);
    const { negotiation, paragraph } = await draftingAlone(node);
    const canonical = await must(node, 'draft.canonical', { negotiation });
    const proposal = await must(node, 'adoption.propose', { negotiation, label: 'First reading' });
    expect(proposal).toMatchObject({ height: 1, round: 0, kind: 'adopt', adoption: { label: 'First reading', text: canonical.text, textHash: canonical.textHash } });
    expect(await must(node, 'adoption.tally', { negotiation, headerHash: proposal.headerHash })).toMatchObject({
      met: false,
      final: false,
      rule: 'consensus: every party must sign',
      stillNeeded: '1 more party (every party must sign)',
      missing: [{ id: node.party }],
    });
    const tally = await must(node, 'adoption.vote', { negotiation, headerHash: proposal.headerHash });
    expect(tally).toMatchObject({ met: true, final: true, signers: [{ id: node.party, name: 'Republic of Testland' }], stillNeeded: 'the rule is met' });

    await must(node, 'draft.insertText', { negotiation, target: { kind: 'paragraph', paragraphId: paragraph }, index: 0, text: 'Recalling the Convention, ' });
    const second = await must(node, 'adoption.propose', { negotiation, label: 'Second reading' });
    await must(node, 'adoption.vote', { negotiation, headerHash: second.headerHash });

    const blocks = await must(node, 'history.blocks', { negotiation });
    expect(blocks.map((b) => [b.height, b.body.kind, b.verified, b.votes.map((v) => v.verified)])).toEqual([
      [1, 'adopt', true, [true]],
      [2, 'adopt', true, [true]],
    ]);
    const versions = await must(node, 'history.versions', { negotiation });
    expect(versions.map((v) => v.label)).toEqual(['First reading', 'Second reading']);
    expect(versions[0]!.text).toBe(canonical.text);
    const diff = await must(node, 'history.diff', { negotiation, from: 1, to: 2 });
    const changed = diff.hunks.flatMap((h) => h.lines.filter((l) => l.op !== ' '));
    expect(changed).toEqual([
      { op: '-', text: '1. The Parties shall protect albatrosses.' },
      { op: '+', text: '1. Recalling the Convention, The Parties shall protect albatrosses.' },
    ]);
    expect((await must(node, 'history.diff', { negotiation, from: 2, to: 'draft' })).hunks).toEqual([]);
    expect(await node.call('history.diff', { negotiation, from: 3, to: 1 })).toMatchObject({ ok: false, error: { code: 'unknown-version', message: 'no adopted version at height 3 (the ledger is at height 2)' } });

    const exported = await must(node, 'export.ledger', { negotiation });
    expect(decodeGenesis(fromBase64(exported.genesis)!).charter.title).toBe('Albatross Agreement');
    expect(exported.blocks.map((b) => decodeBlock(fromBase64(b)!).header.height)).toEqual([1, 2]);
    expect(exported.envelopes.length).toBeGreaterThan(0);
    for (const e of exported.envelopes) expect(decodeEnvelope(fromBase64(e.bytes)!)).toMatchObject({ author: e.author, seq: e.seq });
    await node.close();

    const reopened = await openNode(dir);
    expect(await must(reopened, 'negotiations.get', { negotiation })).toMatchObject({ height: 2, lastAdopted: { height: 2, label: 'Second reading' }, warnings: [] });
    expect(await must(reopened, 'history.blocks', { negotiation })).toEqual(blocks);
    await reopened.close();
  });

  it('a three-party negotiation collects our vote and waits for the others', async () => {
    const node = await openNode(tempDir());
    await must(node, 'identity.create', { name: 'Convenor' });
    const others = [delegation(101), delegation(102)].map((d, i) => ({ publicKey: toHex(d.spec.publicKey), name: `Party ${i + 2}`, weight: 2 }));
    const created = await must(node, 'negotiations.create', { title: 'Trilateral Accord', parties: others });
    expect(created.parties.map((p) => [p.name, p.weight, p.isSelf, p.isConvenor])).toEqual([
      ['Convenor', 1, true, true],
      ['Party 2', 2, false, false],
      ['Party 3', 2, false, false],
    ]);
    const negotiation = created.id;
    const proposal = await must(node, 'adoption.propose', { negotiation, label: 'Draft 1' });
    const tally = await must(node, 'adoption.vote', { negotiation, headerHash: proposal.headerHash });
    expect(tally).toMatchObject({ met: false, final: false, stillNeeded: '2 more parties (every party must sign)' });
    expect(tally.missing.map((p) => p.name)).toEqual(['Party 2', 'Party 3']);
    expect(await must(node, 'adoption.proposals', { negotiation })).toHaveLength(1);
    // A second, different vote in the same round would be equivocation: refused.
    expect(await node.call('adoption.decline', { negotiation, round: 0 })).toMatchObject({ ok: false, error: { code: 'already-voted' } });
    expect(await node.call('invitations.admit', { negotiation, publicKey: toHex(delegation(103).spec.publicKey), name: 'Late', weight: 1 })).toMatchObject({
      ok: false,
      error: { code: 'not-yet-available' },
    });
    await node.close();
  });

  it('remembers its votes across a restart and never signs a conflicting one', async () => {
    const dir = tempDir();
    const node = await openNode(dir);
    await must(node, 'identity.create', { name: 'Convenor' });
    const negotiation = (await must(node, 'negotiations.create', { title: 'Bilateral', parties: [{ publicKey: toHex(delegation(104).spec.publicKey), name: 'Other', weight: 1 }] })).id;
    const proposal = await must(node, 'adoption.propose', { negotiation, label: 'Draft 1' });
    await must(node, 'adoption.vote', { negotiation, headerHash: proposal.headerHash });
    await node.close();
    const reopened = await openNode(dir);
    expect(await reopened.call('adoption.decline', { negotiation, round: 0 })).toMatchObject({ ok: false, error: { code: 'already-voted' } });
    expect(await must(reopened, 'adoption.decline', { negotiation, round: 1 })).toEqual({ height: 1, round: 1 });
    await reopened.close();
  });
});
