/**
 * The ERP connection checked once at start-up, the same check as the admin view's connection test: a missing right
 * of the integration user is logged as the adapter's plain sentence naming what is missing and where to set it, so
 * an operator reading the start-up log sees it before any mailbox fails. It never stops the start: an ERP that is
 * down now may be up at the first sync.
 */
import type { ErpPort } from './port';

export interface StartupCheckLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** Resolves to true when the connection and the rights are fine (warnings allowed), false otherwise. */
export async function checkErpAtStartup(erp: Pick<ErpPort, 'checkConnection' | 'kind'>, log: StartupCheckLog) {
  try {
    const answer = await erp.checkConnection();
    for (const warning of answer.warnings ?? []) log.warn({ erp: erp.kind }, warning);
    log.info({ erp: erp.kind, version: answer.version, protocol: answer.protocol }, 'ERP connection checked');
    return true;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log.error({ erp: erp.kind }, `ERP connection check failed: ${message}`);
    return false;
  }
}
