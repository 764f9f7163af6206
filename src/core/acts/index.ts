/**
 * The treaty after adoption: individual acts (signature, ratification, reservations...) signed by
 * each party alone, the charter's entry-into-force rule, and the treaty's state derived from them.
 */
export * from './day.js';
export * from './rule.js';
export * from './act.js';
export * from './evidence.js';
export * from './view.js';
export * from './rejection.js';
export * from './records.js';
export * from './check.js';
export * from './entry-into-force.js';
export * from './treaty-state.js';
