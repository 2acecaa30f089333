/** The registration operations live in the ledger; this path stays until every importer moves. */
export * from './ledger.js';
