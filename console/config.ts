// Loads /admin/console/config.json (served by the backend) so the bundle carries no deployment-specific value.
export interface ConsoleConfig {
  clientId: string;
  authority: string;
  knownAuthorities: string[];
  apiScope: string;
  adminRole: string;
}

export async function loadConsoleConfig(): Promise<ConsoleConfig> {
  const url = new URL('config.json', window.location.href).toString();
  const response = await fetch(url, { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`Could not load ${url} (HTTP ${response.status}).`);
  const config = (await response.json()) as Partial<ConsoleConfig>;
  const missing = (['clientId', 'authority', 'apiScope', 'adminRole'] as const).filter(
    (key) => typeof config[key] !== 'string',
  );
  if (missing.length) throw new Error(`${url} lacks ${missing.join(', ')}.`);
  return { knownAuthorities: [], ...config } as ConsoleConfig;
}
