/**
 * The process logger (pino) with secrets redacted at the source: tokens, keys, passwords and authorization
 * headers never reach a log line, whatever logs them.
 */
import pino, { type Logger, type LoggerOptions } from 'pino';

/** Paths redacted in every log line (pino fast-redact syntax). */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-admin-key"]',
  'res.headers["set-cookie"]',
  '*.authorization',
  '*.access_token',
  '*.refresh_token',
  '*.id_token',
  '*.client_secret',
  '*.assertion',
  '*.apiKey',
  '*.api_key',
  '*.password',
  '*.secret',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.clientSecret',
  '*.auth.clientSecret',
  '*.rawToken',
  '*.encryptionKey',
  'access_token',
  'refresh_token',
  'client_secret',
  'assertion',
  'apiKey',
  'password',
  'secret',
  'token',
  'accessToken',
  'refreshToken',
  'clientSecret',
  'rawToken',
];

export type { Logger };

export function createLogger(options: {
  level: string;
  destination?: pino.DestinationStream;
  base?: Record<string, unknown>;
}): Logger {
  const config: LoggerOptions = {
    level: options.level,
    base: options.base ?? { service: 'outlook-erp-sync' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return options.destination ? pino(config, options.destination) : pino(config);
}
