/**
 * The ERP contract conformance suite, shared by `npm run erp:conformance` (any ERP, over HTTP) and the jest
 * test of the reference ERP. It lives beside the adapter because it speaks through the adapter's client.
 */
export {
  CHECKS,
  referenceErpHooks,
  runConformance,
  type CheckResult,
  type ConformanceOptions,
  type ConformanceReport,
} from './run';
export type { ConformanceHooks } from './context';
