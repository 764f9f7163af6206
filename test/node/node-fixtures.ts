/**
 * Delegation nodes in temporary data directories, and small helpers to drive them through the API
 * as a UI would: every call's result is checked, and a failed one fails the test with its message.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DelegationNode, type DelegationNodeOptions } from '../../src/node/delegation-node.js';
import type { ApiResult, ArgsOf, CommandName, ResultOf } from '../../src/node/api.js';

const dirs: string[] = [];

export function tempDir(prefix = 'plenary-node-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

export async function openNode(dataDir: string, options: Partial<DelegationNodeOptions> = {}): Promise<DelegationNode> {
  return DelegationNode.open({ dataDir, flushDelayMs: 5, ...options });
}

/** The value of a successful result; throws with the error's code and message otherwise. */
export function unwrap<T>(result: ApiResult<T>): T {
  if (!result.ok) throw new Error(`expected success, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

export async function must<N extends CommandName>(node: DelegationNode, name: N, args: ArgsOf<N>): Promise<ResultOf<N>> {
  return unwrap(await node.call(name, args));
}

/** A named delegation with one negotiation holding one article and one paragraph. */
export async function draftingAlone(node: DelegationNode, text = 'The Parties shall protect albatrosses.') {
  await node.call('identity.create', { name: 'Republic of Testland' });
  const negotiation = (await must(node, 'negotiations.create', { title: 'Albatross Agreement', parties: [] })).id;
  const article = (await must(node, 'draft.addArticle', { negotiation, id: 'art-1', heading: 'Objective' })).id;
  const paragraph = (await must(node, 'draft.addParagraph', { negotiation, in: { articleId: article }, id: 'p-1', text })).id;
  return { negotiation, article, paragraph };
}
