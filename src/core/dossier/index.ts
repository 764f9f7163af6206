/** The dossier: a negotiation's whole record in one file, and the standalone check of it. */
export * from './dossier.js';
export * from './report.js';
export * from './verify.js';
export * from './words.js';
