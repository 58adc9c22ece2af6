// Loads /addin/config.json (served by the backend) so the bundle carries no tenant-specific value.
import type { AddinConfig } from '../contract/addin-api';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Fetches and checks config.json next to `pageUrl`; each missing key is named in the error. */
export async function loadConfig(pageUrl: string, fetchImpl: typeof fetch = fetch): Promise<AddinConfig> {
  const url = new URL('config.json', pageUrl).toString();
  const response = await fetchImpl(url, { headers: { accept: 'application/json' } });
  if (!response.ok) throw new ConfigError(`Could not load ${url} (HTTP ${response.status}).`);
  const config = (await response.json()) as Partial<AddinConfig>;
  const missing = (['clientId', 'apiOrigin', 'apiScope'] as const).filter((key) => typeof config[key] !== 'string');
  if (missing.length) throw new ConfigError(`${url} lacks ${missing.join(', ')}.`);
  return config as AddinConfig;
}
