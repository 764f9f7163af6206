/**
 * The charter's entry-into-force rule and authentic languages through the node API, on one node
 * offline: negotiations.create takes the rule (checked as the core checks it) and negotiations.get
 * says it in words, across a restart; treaty.state passes on what the rule still needs; an
 * adoption proposed with texts in further languages carries each with its hash, signed together,
 * in the proposal, the versions, the blocks and the dossier; history.evidence lists act forks.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NO_PREVIOUS, actHashOf, encodeAct, signAct, type Act } from '../../src/core/acts/act.js';
import { decodeActEquivocation } from '../../src/core/acts/evidence.js';
import { parseDay } from '../../src/core/acts/day.js';
import { fromHex, toHex } from '../../src/core/bytes.js';
import { verifyDossier } from '../../src/core/dossier/index.js';
import { textHash } from '../../src/core/hash.js';
import { createSigner, keyPairFromSeed, type NegotiationId } from '../../src/core/identity.js';
import { decodeBlock } from '../../src/core/ledger/block.js';
import { bodyHashOf } from '../../src/core/ledger/body.js';
import type { ArgsOf } from '../../src/node/api.js';
import { fromBase64 } from '../../src/node/api-codec.js';
import type { DelegationNode } from '../../src/node/delegation-node.js';
import { createNativeEd25519 } from '../../src/node/native-ed25519.js';
import { openLevelStore } from '../../src/store/level.js';
import { must, openNode, removeTempDirs, tempDir } from './node-fixtures.js';

const scheme = createNativeEd25519();
/** 14 March 2027, noon UTC. */
const NOW = Date.UTC(2027, 2, 14, 12);
const PARIS = { kind: 'consents-and-weight', count: 1, weightShare: { num: 55, den: 100 }, delayDays: 30 } as const;

describe('the entry-into-force rule and authentic languages on a node', () => {
  const nodes: DelegationNode[] = [];
  afterEach(async () => {
    await Promise.all(nodes.splice(0).map((n) => n.close()));
    removeTempDirs();
  });

  async function named(dir = tempDir()) {
    const node = await openNode(dir, { now: () => NOW });
    nodes.push(node);
    await must(node, 'identity.create', { name: 'Republic of Testland' });
    return node;
  }

  async function convened(node: DelegationNode, extra: Partial<ArgsOf<'negotiations.create'>> = {}) {
    const negotiation = (await must(node, 'negotiations.create', { title: 'Albatross Agreement', parties: [], ...extra })).id;
    await must(node, 'draft.addArticle', { negotiation, id: 'art-1', heading: 'Objective' });
    await must(node, 'draft.addParagraph', { negotiation, in: { articleId: 'art-1' }, id: 'p-1', text: 'The Parties shall protect albatrosses.' });
    return negotiation;
  }

  it('convenes under a Paris-style rule, says it in words, keeps it across a restart; the default is every party on the day', async () => {
    const dir = tempDir();
    const node = await named(dir);
    const created = await must(node, 'negotiations.create', { title: 'Paris-style', parties: [], weight: 40, entryIntoForce: PARIS });
    const words = 'in force on the 30th day after the day 1 party holding at least 55% of the total weight has consented to be bound';
    expect(created).toMatchObject({ entryIntoForce: words, entryIntoForceSpec: PARIS });
    const plain = await must(node, 'negotiations.create', { title: 'Default', parties: [] });
    expect(plain).toMatchObject({
      entryIntoForce: 'in force on the day every negotiating party has consented to be bound',
      entryIntoForceSpec: { kind: 'all-negotiating-parties', delayDays: 0 },
    });
    const counted = await must(node, 'negotiations.create', { title: 'Two consents', parties: [], entryIntoForce: { kind: 'consents', count: 2, delayDays: 0 } });
    expect(counted.entryIntoForce).toBe('in force on the day 2 parties have consented to be bound');

    await node.close();
    nodes.splice(0);
    const reopened = await openNode(dir, { now: () => NOW });
    nodes.push(reopened);
    expect(await must(reopened, 'negotiations.get', { negotiation: created.id })).toMatchObject({ entryIntoForce: words, entryIntoForceSpec: PARIS });
    expect((await must(reopened, 'treaty.state', { negotiation: created.id })).rule).toBe(words);
  });

  it('refuses a rule the core refuses, naming the field', async () => {
    const node = await named();
    const create = (entryIntoForce: unknown) => node.call('negotiations.create', { title: 'T', parties: [], entryIntoForce } as never);
    const refusals = [
      [{ kind: 'consents', count: 0, delayDays: 0 }, /entryIntoForce\.count must be a whole number from 1 to 1000/],
      [{ kind: 'consents-and-weight', count: 2, weightShare: { num: 3, den: 2 }, delayDays: 0 }, /entryIntoForce\.weightShare must not exceed 1/],
      [{ kind: 'all-negotiating-parties', delayDays: 36_601 }, /entryIntoForce\.delayDays must be a whole number from 0 to 36600/],
      [{ kind: 'all-negotiating-parties' }, /entryIntoForce\.delayDays is missing/],
      [{ kind: 'unanimity', delayDays: 0 }, /entryIntoForce\.kind must be one of "all-negotiating-parties", "consents", "consents-and-weight"/],
    ] as const;
    for (const [rule, message] of refusals) {
      expect(await create(rule)).toMatchObject({ ok: false, error: { code: 'invalid-argument', message: expect.stringMatching(message) } });
    }
    expect(await must(node, 'negotiations.list', {})).toEqual([]);
  });

  it('passes on what the rule still needs, in consents and weight, until it is met', async () => {
    const node = await named();
    const negotiation = await convened(node, { weight: 40, entryIntoForce: PARIS });
    const block = (await must(node, 'adoption.propose', { negotiation, label: 'Final text' })).headerHash;
    await must(node, 'adoption.vote', { negotiation, headerHash: block });
    const before = (await must(node, 'treaty.state', { negotiation })).versions[0]!;
    // 55% of a total weight of 40 is 22.
    expect(before.need).toEqual({ moreConsents: 1, moreWeight: 22, consentsRequired: 1, weightShare: { num: 55, den: 100 }, description: '1 more consent and 22 more weight (of 40)' });
    await must(node, 'acts.perform', { negotiation, block, kind: 'definitive-signature', date: '2027-03-01' });
    await must(node, 'acts.perform', { negotiation, block, kind: 'ratification', date: '2027-03-01' });
    const after = (await must(node, 'treaty.state', { negotiation })).versions[0]!;
    expect(after).toMatchObject({ status: 'awaiting-entry-into-force', inForceSince: '2027-03-31', need: null });
    expect(after.sentences[0]).toBe("Enters into force on 2027-03-31: the condition (1 party holding 55% of the weight) was met by Republic of Testland's ratification of 2027-03-01; 30 days after");

    const alone = await convened(node);
    const version = (await must(node, 'adoption.propose', { negotiation: alone, label: 'Final text' })).headerHash;
    await must(node, 'adoption.vote', { negotiation: alone, headerHash: version });
    expect((await must(node, 'treaty.state', { negotiation: alone })).versions[0]!.need).toEqual({
      moreConsents: 1,
      moreWeight: 0,
      consentsRequired: 1,
      weightShare: null,
      description: '1 more consent (every negotiating party must consent)',
    });
  });

  it('proposes a text with further authentic languages, each hashed, signed together, in every view and the dossier', async () => {
    const node = await named();
    const negotiation = await convened(node);
    const fr = 'Les Parties protègent les albatros.';
    const zh = '缔约方应保护信天翁。';
    const proposal = await must(node, 'adoption.propose', {
      negotiation,
      label: 'Final text',
      authenticTexts: [
        { language: 'FR', text: fr },
        { language: ' zh-hant ', text: zh },
      ],
    });
    const texts = [
      { language: 'fr', text: fr, textHash: toHex(textHash(fr)) },
      { language: 'zh-Hant', text: zh, textHash: toHex(textHash(zh)) },
    ];
    expect(proposal.adoption!.authenticTexts).toEqual(texts);
    expect(await must(node, 'adoption.proposals', { negotiation })).toEqual([proposal]);
    await must(node, 'adoption.vote', { negotiation, headerHash: proposal.headerHash });

    expect((await must(node, 'history.versions', { negotiation }))[0]).toMatchObject({ textHash: proposal.adoption!.textHash, authenticTexts: texts });
    const [blockView] = await must(node, 'history.blocks', { negotiation });
    expect(blockView!.body).toEqual({ kind: 'adopt', title: 'Albatross Agreement', label: 'Final text', textHash: proposal.adoption!.textHash, authenticTexts: texts.map(({ language, textHash }) => ({ language, textHash })) });
    expect(blockView!.verified).toBe(true);
    // The header the parties signed names the body that holds every language.
    const block = decodeBlock(fromBase64((await must(node, 'export.ledger', { negotiation })).blocks[0]!)!);
    expect(block.body.kind === 'adopt' && block.body.authenticTexts).toEqual([
      { language: 'fr', text: fr },
      { language: 'zh-Hant', text: zh },
    ]);
    expect(toHex(block.header.bodyHash)).toBe(toHex(bodyHashOf(block.body)));
    const verified = verifyDossier(fromBase64((await must(node, 'export.dossier', { negotiation })).bytes)!, scheme);
    expect(verified.ok && verified.report.versions[0]!.authenticTexts.map((t) => [t.language, toHex(t.textHash)])).toEqual(texts.map((t) => [t.language, t.textHash]));

    // Without further languages, the lists are empty.
    const next = await must(node, 'adoption.propose', { negotiation, label: 'Corrigendum' });
    expect(next.adoption!.authenticTexts).toEqual([]);
  });

  it('refuses authentic texts that are not well-formed, naming the entry', async () => {
    const node = await named();
    const negotiation = await convened(node);
    const propose = (authenticTexts: unknown) => node.call('adoption.propose', { negotiation, label: 'x', authenticTexts } as never);
    const refusals = [
      [[{ language: 'fr_FR', text: 'Texte.' }], /authenticTexts\[0\]\.language "fr_FR" is not a BCP 47 language tag/],
      [[{ language: 'fr', text: 'Un.' }, { language: 'FR', text: 'Deux.' }], /authenticTexts\[1\]: the language fr is given twice \(also authenticTexts\[0\]\)/],
      [[], /authenticTexts must have at least 1 entries/],
      [[{ language: 'fr', text: '  ' }], /authenticTexts\[0\]\.text must not be empty/],
      [[{ language: 'a'.repeat(36), text: 'x' }], /authenticTexts\[0\]\.language must be at most 35 characters/],
      [Array.from({ length: 33 }, (_, i) => ({ language: `x-l${i}`, text: 'x' })), /authenticTexts must have at most 32 entries/],
    ] as const;
    for (const [texts, message] of refusals) {
      expect(await propose(texts)).toMatchObject({ ok: false, error: { code: 'invalid-argument', message: expect.stringMatching(message) } });
    }
    expect(await must(node, 'adoption.proposals', { negotiation })).toEqual([]);
  });

  it('lists two acts under one number as evidence beside the votes, verifiable with the party’s key', async () => {
    const dir = tempDir();
    let node = await named(dir);
    const negotiation = await convened(node);
    const block = (await must(node, 'adoption.propose', { negotiation, label: 'Final text' })).headerHash;
    await must(node, 'adoption.vote', { negotiation, headerHash: block });
    expect(await must(node, 'history.evidence', { negotiation })).toEqual([]);
    // The delegation's own key, used as a party gone rogue would: two acts numbered 0.
    const signer = createSigner(keyPairFromSeed(fromHex(readFileSync(join(dir, 'identity.key'), 'utf8').trim()), scheme), scheme);
    const act = (kind: 'definitive-signature' | 'initialling'): Act =>
      signAct(signer, { negotiation: negotiation as NegotiationId, party: signer.party, seq: 0, previous: NO_PREVIOUS, block: fromHex(block), date: parseDay('2027-03-01')!, kind });
    await node.close();
    nodes.splice(0);
    const store = await openLevelStore(join(dir, 'store'));
    await store.appendActs(negotiation as NegotiationId, [act('definitive-signature'), act('initialling')].map((a) => ({ party: a.party, seq: a.seq, hash: actHashOf(a), bytes: encodeAct(a) })));
    await store.close();
    node = await openNode(dir, { now: () => NOW });
    nodes.push(node);

    const evidence = await must(node, 'history.evidence', { negotiation });
    expect(evidence).toMatchObject([{ kind: 'acts', culprit: { id: signer.party, name: 'Republic of Testland' }, height: null, round: null, seq: 0 }]);
    expect(evidence).toEqual((await must(node, 'treaty.state', { negotiation })).forks);
    const decoded = decodeActEquivocation(fromBase64(evidence[0]!.bytes!)!);
    expect([decoded.first.kind, decoded.second.kind].sort()).toEqual(['definitive-signature', 'initialling']);
  });
});
