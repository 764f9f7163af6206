/** The automerge-paper editing trace (bench/traces/README.md), flattened to single patches. */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

export type Patch = readonly [position: number, deleteCount: number, insert: string];

export interface Trace {
  readonly patches: readonly Patch[];
  readonly endContent: string;
}

export function loadTrace(): Trace {
  const path = new URL('./traces/automerge-paper.json.gz', import.meta.url);
  const json = JSON.parse(gunzipSync(readFileSync(path)).toString('utf8')) as {
    endContent: string;
    txns: { patches: Patch[] }[];
  };
  return { patches: json.txns.flatMap((t) => t.patches), endContent: json.endContent };
}
