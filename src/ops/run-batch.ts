/** The jobs' batch runner lives below every layer (src/run-batch.ts): the clients' bulk calls use it too. */
export * from '../run-batch.js';
