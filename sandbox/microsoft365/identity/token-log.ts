/**
 * The log of token endpoint calls (grant, client, tenant segment, status, error), so tests can see what msal-node
 * actually sent: e.g. that a cached token or msal's own throttling kept a request from reaching the endpoint.
 */
export interface TokenLogEntry {
  at: string;
  tenant: string;
  grantType: string;
  clientId: string;
  status: number;
  error?: string;
}

export class TokenLog {
  private entries: TokenLogEntry[] = [];

  record(entry: TokenLogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > 5000) this.entries.shift();
  }

  list(): TokenLogEntry[] {
    return [...this.entries];
  }

  clear(): void {
    this.entries = [];
  }
}
