/**
 * The renderer bench's delegations: three DelegationNodes in this process on one MemoryHub, the
 * convenor holding the 100-page treaty (built before the others join, so they catch it up once),
 * the others admitted by consensus, and the convenor's node served by a Bridge with the built UI.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Bridge } from '../../src/node/bridge.js';
import { DelegationNode } from '../../src/node/delegation-node.js';
import type { ArgsOf, CommandName, ResultOf } from '../../src/node/api.js';
import { serveUiFiles } from '../../src/node/ui-files.js';
import { MemoryHub } from '../../src/p2p/memory-network.js';
import { ARTICLES, articleHeading, treatyParagraphs } from './treaty-text.js';

export const articleId = (article: number): string => `art-${article}`;
export const paragraphId = (article: number, paragraph: number): string => `p-${article}-${paragraph}`;

export async function must<N extends CommandName>(node: DelegationNode, name: N, args: ArgsOf<N>): Promise<ResultOf<N>> {
  const result = await node.call(name, args);
  if (!result.ok) throw new Error(`${name}: ${result.error.code}: ${result.error.message}`);
  return result.value;
}

/** Polls an async condition every 20 ms (the harness's waitUntil is synchronous). */
async function waitFor(what: string, condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export interface Conference {
  readonly negotiation: string;
  /** The page's delegation (the convenor). */
  readonly host: DelegationNode;
  /** The two remote delegations that type while the page does. */
  readonly remotes: readonly [DelegationNode, DelegationNode];
  /** The UI's address with the bridge token in its fragment. */
  readonly ui: string;
  /** Characters in the treaty's paragraphs. */
  readonly characters: number;
  readonly paragraphs: number;
  /** Seconds the setup took, by step. */
  readonly timings: Readonly<Record<string, number>>;
  close(): Promise<void>;
}

const TUNING = { antiEntropyMs: 2000, behindDelayMs: 50 } as const;
const WAIT_MS = 60_000;

export async function convene(uiDir: string): Promise<Conference> {
  const hub = new MemoryHub({ seed: 4 });
  const dirs = [0, 1, 2].map((i) => mkdtempSync(join(tmpdir(), `plenary-bench-renderer-${i}-`)));
  const nodes: DelegationNode[] = [];
  let bridge: Bridge | undefined;
  const timings: Record<string, number> = {};
  let mark = performance.now();
  const step = (name: string): void => {
    const now = performance.now();
    timings[name] = (now - mark) / 1000;
    mark = now;
  };
  const close = async (): Promise<void> => {
    await bridge?.close();
    await Promise.all(nodes.map((n) => n.close()));
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  };
  try {
    for (const dir of dirs) {
      nodes.push(
        await DelegationNode.open({ dataDir: dir, network: (seed) => Promise.resolve(hub.createNetwork({ seed })), roomTuning: TUNING, invitations: { admissionPollMs: 50 } }),
      );
    }
    const [host, b, c] = nodes as [DelegationNode, DelegationNode, DelegationNode];
    const names = ['Republic of Aldoria', 'Kingdom of Borduria', 'Federation of Carpathia'];
    for (const [i, node] of nodes.entries()) await must(node, 'identity.create', { name: names[i]! });
    const negotiation = (await must(host, 'negotiations.create', { title: 'Convention on the Hundred Pages', parties: [] })).id;
    await must(host, 'draft.insertText', { negotiation, target: { kind: 'title' }, index: 0, text: 'Convention on the Hundred Pages' });
    const text = treatyParagraphs();
    let characters = 0;
    for (let a = 1; a <= ARTICLES; a++) {
      await must(host, 'draft.addArticle', { negotiation, id: articleId(a), heading: articleHeading(a) });
      for (const [p, words] of text[a - 1]!.entries()) {
        await must(host, 'draft.addParagraph', { negotiation, in: { articleId: articleId(a) }, id: paragraphId(a, p + 1), text: words });
        characters += words.length;
      }
    }
    step('treaty');
    const canonicalLength = async (node: DelegationNode): Promise<number> => (await must(node, 'draft.canonical', { negotiation })).text.length;
    const full = await canonicalLength(host);

    // Admission by consensus, one joiner after the other (as the node acceptance suite does).
    for (const [k, invitee] of [b, c].entries()) {
      const { code } = await must(host, 'invitations.create', { negotiation });
      await must(invitee, 'invitations.join', { code });
      for (const party of nodes.slice(1, k + 1)) {
        await waitFor('the admission proposal', async () => (await must(party, 'adoption.proposals', { negotiation })).some((p) => p.kind === 'admit'), WAIT_MS);
        await must(party, 'invitations.admit', { negotiation, publicKey: invitee.identityView().publicKey, name: names[k + 1]!, weight: 1 });
      }
      await waitFor(`${names[k + 1]} admitted`, async () => (await must(invitee, 'negotiations.get', { negotiation })).member, WAIT_MS);
    }
    step('admissions');
    await waitFor('the treaty at every delegation', async () => (await Promise.all([b, c].map(canonicalLength))).every((n) => n === full), WAIT_MS);
    step('catch-up');

    bridge = await Bridge.start({ node: host, ui: serveUiFiles(uiDir) });
    const started = bridge;
    return {
      negotiation,
      host,
      remotes: [b, c],
      ui: `${started.url}#token=${started.token}`,
      characters,
      paragraphs: ARTICLES * text[0]!.length,
      timings,
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}
