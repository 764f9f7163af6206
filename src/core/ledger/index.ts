/** The ledger: hash-chained blocks decided by the charter's rules, with proof of equivocation. */
export * from './body.js';
export * from './header.js';
export * from './vote.js';
export * from './block.js';
export * from './evidence.js';
export * from './members.js';
export * from './room-state.js';
export * from './state.js';
export * from './finality.js';
export * from './chain.js';
export * from './pending.js';
export * from './ledger.js';
export * from './voting-record.js';
export * from './keyring.js';
export * from './authentic-texts.js';
