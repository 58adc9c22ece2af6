/**
 * Tunables of the emulator (lifetimes, limits, timeouts), with Microsoft's documented defaults. All of them can be
 * changed at start or through the control API.
 */
export interface EmulatorSettings {
  /** Graph access token lifetime (Microsoft: 60-90 minutes; default 3600 s). */
  accessTokenLifetimeSeconds: number;
  /** Refresh token inactivity lifetime (Microsoft: 90 days). */
  refreshTokenLifetimeSeconds: number;
  /**
   * What the Outlook limits count against. Microsoft's pages disagree: the throttling-limits page says "4 concurrent
   * requests" per app ID per mailbox, while the MailboxConcurrency error and other pages read as per app
   * (https://learn.microsoft.com/en-us/graph/throttling-limits#outlook-service-limits). 'appPerMailbox' (default)
   * keeps one budget per app and mailbox; 'app' one per app across all mailboxes: the stricter reading.
   */
  throttleScope: 'appPerMailbox' | 'app';
  /** Per app per mailbox (or per app, see throttleScope): concurrent requests (Outlook: 4). */
  throttleConcurrency: number;
  /** Per app per mailbox: requests per window (Outlook: 10,000 per 10 minutes). */
  throttleWindowRequests: number;
  throttleWindowSeconds: number;
  /** Retry-After sent with ApplicationThrottled. */
  throttleRetryAfterSeconds: number;
  /** Max subscription lifetime for Outlook resources (4,230 minutes; newer docs say 10,080). */
  subscriptionMaxMinutes: number;
  /** How long the validation handshake may take (Graph: 10 s). */
  validationTimeoutMs: number;
  /** How long a notification POST may take before it counts as failed (Graph: 3 s expected). */
  notificationTimeoutMs: number;
  /** Added to every Graph request before it is handled. */
  latencyMs: number;
}

export const DEFAULT_SETTINGS: EmulatorSettings = {
  accessTokenLifetimeSeconds: 3600,
  refreshTokenLifetimeSeconds: 90 * 24 * 3600,
  throttleScope: 'appPerMailbox',
  throttleConcurrency: 4,
  throttleWindowRequests: 10_000,
  throttleWindowSeconds: 600,
  throttleRetryAfterSeconds: 2,
  subscriptionMaxMinutes: 4230,
  validationTimeoutMs: 10_000,
  notificationTimeoutMs: 3_000,
  latencyMs: 0,
};
