/** The per-mailbox Graph request budget lives with the Graph adapter (server/outlook/request-budget.ts). */
export {
  createRequestBudget,
  GRAPH_MAX_CONCURRENT_PER_MAILBOX,
  GRAPH_MAX_REQUESTS_PER_WINDOW,
  GRAPH_WINDOW_MS,
} from '../outlook';
export type { BudgetClock, RequestBudget, RequestBudgetOptions } from '../outlook';
