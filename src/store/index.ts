/** Durable storage for a delegation node: what the node imports. */
export type { ActFork, ActRecord, BlockRecord, EnvelopeRecord, PlenaryStore } from './contract.js';
export { STORE_LIMITS } from './contract.js';
export { StoreError, isStoreError, type ConflictKey, type StoreErrorCode } from './errors.js';
export { openLevelStore, LevelStore, STORE_FORMAT_VERSION, type BatchEvent, type LevelStoreOptions } from './level.js';
export { repairLevelStore, type RepairReport } from './level-recovery.js';
export type { IntegrityReport } from './integrity.js';
export { createMemoryStore, MemoryStore, MemoryVolume } from './memory.js';
export { decodeSnapshot, encodeSnapshot, SNAPSHOT_LIMITS, type DocumentSnapshot } from './snapshot.js';
