/**
 * Process level: three `plenary serve` processes, each its own data directory, bridge and libp2p
 * node on 127.0.0.1, driven ONLY through the documented bridge (HTTP): the convenor invites, the
 * others join, the parties admit them, all edit, a version is adopted, and every node holds the
 * same text and the same ledger. No mDNS: the invitation code carries the address to dial.
 */
import { afterEach, expect, it } from 'vitest';
import { waitFor, waitForValue } from '../support/wait.js';
import type { HttpClient } from './bridge-client.js';
import { removeTempDirs, tempDir } from './node-fixtures.js';
import { killChildren, serve, stop } from './serve-process.js';

afterEach(() => {
  killChildren();
  removeTempDirs();
});

const WAIT = { timeoutMs: 30_000 };

it('three serve processes driven through the bridge reach the same state', { timeout: 120_000 }, async () => {
  const procs = await Promise.all(['Atlantis', 'Borduria', 'Carpathia'].map((name) => serve(tempDir('plenary-proc-'), '--name', name)));
  const [a, b, c] = procs.map((p) => p.http) as [HttpClient, HttpClient, HttpClient];
  const negotiation = (await a.must('negotiations.create', { title: 'Albatross Agreement', parties: [] })).id;
  await a.must('draft.addArticle', { negotiation, id: 'art-1', heading: 'Objective' });
  await a.must('draft.addParagraph', { negotiation, in: { articleId: 'art-1' }, id: 'p-1', text: 'The Parties shall protect albatrosses.' });

  // Borduria: invited, joins, admitted by the convenor alone (consensus of one party).
  const first = await a.must('invitations.create', { negotiation });
  // The convenor alone admits (consensus of one), so the admit block may already have reached
  // Borduria by the time join answers: 'open' is as right as 'joining' here.
  expect(['joining', 'open']).toContain((await b.must('invitations.join', { code: first.code })).status);
  await waitFor('Borduria is a party', async () => (await b.must('negotiations.get', { negotiation })).member, WAIT);

  // Carpathia: the convenor proposes, Borduria must approve too.
  const second = await a.must('invitations.create', { negotiation });
  await c.must('invitations.join', { code: second.code });
  const carpathia = (await c.must('identity.get', {})).publicKey;
  await waitForValue('Borduria sees the admission', async () => (await b.must('adoption.proposals', { negotiation })).find((p) => p.kind === 'admit'), WAIT);
  await b.must('invitations.admit', { negotiation, publicKey: carpathia, name: 'Carpathia', weight: 1 });
  await waitFor('Carpathia is a party', async () => (await c.must('negotiations.get', { negotiation })).member, WAIT);

  // Everyone edits.
  await Promise.all(
    [a, b, c].map((node, i) => node.must('draft.addParagraph', { negotiation, in: { articleId: 'art-1' }, id: `p-${i + 2}`, text: `Clause from delegation ${i + 1}.` })),
  );
  const hashes = async () => Promise.all([a, b, c].map(async (n) => (await n.must('draft.canonical', { negotiation })).textHash));
  await waitFor(
    'the three texts converge with every clause',
    async () => {
      const texts = await Promise.all([a, b, c].map(async (n) => (await n.must('draft.canonical', { negotiation })).text));
      return new Set(await hashes()).size === 1 && [1, 2, 3].every((i) => texts[0]!.includes(`Clause from delegation ${i}.`));
    },
    WAIT,
  );

  // Adoption by consensus.
  const proposal = await c.must('adoption.propose', { negotiation, label: 'Final' });
  for (const node of [a, b, c]) {
    await waitFor('the proposal reached the node', async () => (await node.must('adoption.proposals', { negotiation })).some((p) => p.headerHash === proposal.headerHash), WAIT);
    await node.must('adoption.vote', { negotiation, headerHash: proposal.headerHash });
  }
  await waitFor('every node holds the adopted version', async () => (await Promise.all([a, b, c].map((n) => n.must('negotiations.get', { negotiation })))).every((d) => d.height === 3), WAIT);
  const ledgers = await Promise.all([a, b, c].map(async (n) => (await n.must('history.blocks', { negotiation })).map((blk) => blk.headerHash)));
  expect(ledgers[1]).toEqual(ledgers[0]);
  expect(ledgers[2]).toEqual(ledgers[0]);
  for (const p of procs) expect(await stop(p)).toBe(0);
});
