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

/**
 * Human-readable lines for the demo terminal (pino-pretty, a dev dependency, in pino's transport thread): time,
 * level and message, the details after it. Production never asks for it and writes JSON lines.
 */
const PRETTY = {
  target: 'pino-pretty',
  options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,service', singleLine: true },
};

export function createLogger(options: {
  level: string;
  destination?: pino.DestinationStream;
  base?: Record<string, unknown>;
  /** Pretty lines on stdout (the sandbox demo); JSON otherwise. */
  pretty?: boolean;
}): Logger {
  const config: LoggerOptions = {
    level: options.level,
    base: options.base ?? { service: 'outlook-erp-sync' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  if (options.destination) return pino(config, options.destination);
  return options.pretty ? pino({ ...config, transport: PRETTY }) : pino(config);
}
