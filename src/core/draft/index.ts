/** The draft: treaty schema on a Y.Doc, canonical text, signed envelopes, the replica, attribution. */
export * from './schema.js';
export * from './treaty-ops.js';
export * from './brackets.js';
export * from './comments.js';
export * from './view.js';
export * from './canonical.js';
export * from './envelope.js';
export * from './replica.js';
export * from './author.js';
export * from './attribution.js';
export type { Eviction, HeldLimits } from './held.js';
export { DEFAULT_HELD_LIMITS } from './held.js';
export type { TextRun } from './runs.js';
