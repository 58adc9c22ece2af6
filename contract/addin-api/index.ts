/**
 * The contract between the task pane (addin/) and the backend (server/http): request schemas, answer types,
 * problem types and the compose-time mark. Both sides import it from here; neither defines its own copy.
 */
export * from './requests';
export type * from './responses';
export * from './problems';
export * from './codes';
export * from './compose-mark';
