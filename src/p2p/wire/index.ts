/** What travels between delegations of a room: gossip messages per topic and catch-up exchanges. */
export * from './draft-message.js';
export * from './ledger-message.js';
export * from './presence.js';
export * from './catch-up.js';
