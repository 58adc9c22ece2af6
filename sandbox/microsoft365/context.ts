/**
 * Everything the emulator's routers share: clock, directory, keys, refresh tokens, settings and the platform's
 * stateful parts. Built once per emulator instance; nothing in it is global, so several emulators can run at once.
 */
import { createSecureContext, rootCertificates } from 'node:tls';
import { Agent } from 'undici';
import { OffsetClock } from './clock';
import type { CalendarService } from './contracts';
import { EmulatorGraphTokenVerifier } from './identity/graph-verifier';
import type { IssuerConfig } from './identity/issuers';
import { KeyRing } from './identity/keys';
import { RefreshTokenStore } from './identity/refresh-tokens';
import { TokenFaults } from './identity/token-faults';
import { TokenLog } from './identity/token-log';
import { FaultInjector } from './platform/faults';
import { RequestLog } from './platform/request-log';
import { Throttle } from './platform/throttle';
import { NotificationSender } from './subscriptions/delivery';
import { SubscriptionStore } from './subscriptions/store';
import { AuthCodeStore } from './identity/auth-codes';
import { DEFAULT_SETTINGS, type EmulatorSettings } from './settings';
import { WorldDirectory } from './world/directory';
import { defaultWorld } from './world/seed';
import type { World } from './world/types';

export interface EmulatorContext {
  /** https://localhost:PORT, known once the server listens. */
  baseUrl: string;
  clock: OffsetClock;
  directory: WorldDirectory;
  ring: KeyRing;
  issuers: IssuerConfig;
  issuersFixed: { v2: boolean; v1: boolean };
  refreshTokens: RefreshTokenStore;
  /** Codes of the auth code flow (the admin console's sign-in). */
  authCodes: AuthCodeStore;
  settings: EmulatorSettings;
  /** Settings as started (reset goes back to them). */
  initialSettings: EmulatorSettings;
  tokenFaults: TokenFaults;
  tokenLog: TokenLog;
  faults: FaultInjector;
  requestLog: RequestLog;
  throttle: Throttle;
  verifier: EmulatorGraphTokenVerifier;
  subscriptions: SubscriptionStore;
  notifications: NotificationSender;
  calendar: CalendarService | null;
  /** For the emulator's own outbound HTTPS (webhooks, the control client): trusts the dev CA and any given CAs. */
  outbound: Agent;
  /** Seed used by reset. */
  seed: () => World;
}

export interface ContextOptions {
  world?: World;
  settings?: Partial<EmulatorSettings>;
  /** Override issuer bases (e.g. https://login.microsoftonline.com and https://sts.windows.net). */
  issuers?: Partial<IssuerConfig>;
  trustedCas: string[];
}

export async function createContext(options: ContextOptions): Promise<EmulatorContext> {
  const clock = new OffsetClock();
  const ring = await KeyRing.create();
  const seedWorld = options.world ?? defaultWorld();
  const seed = () => structuredClone(seedWorld);
  const nowSeconds = () => clock.nowSeconds();
  const subscriptions = new SubscriptionStore();
  const ctx: EmulatorContext = {
    baseUrl: '',
    clock,
    directory: new WorldDirectory(seed()),
    ring,
    issuers: { v2Base: options.issuers?.v2Base ?? '', v1Base: options.issuers?.v1Base ?? '' },
    issuersFixed: { v2: Boolean(options.issuers?.v2Base), v1: Boolean(options.issuers?.v1Base) },
    refreshTokens: new RefreshTokenStore(),
    authCodes: new AuthCodeStore(),
    settings: { ...DEFAULT_SETTINGS, ...options.settings },
    initialSettings: { ...DEFAULT_SETTINGS, ...options.settings },
    tokenFaults: new TokenFaults(),
    tokenLog: new TokenLog(),
    faults: new FaultInjector(),
    requestLog: new RequestLog(),
    throttle: new Throttle(),
    verifier: new EmulatorGraphTokenVerifier(ring, nowSeconds),
    subscriptions,
    notifications: undefined as unknown as NotificationSender, // set just below: it needs the context
    calendar: null,
    // One secure context for every connection: building one per socket re-parses all of Node's root certificates.
    outbound: new Agent({
      connect: { secureContext: createSecureContext({ ca: [...rootCertificates, ...options.trustedCas] }) },
    }),
    seed,
  };
  ctx.notifications = new NotificationSender(ctx, subscriptions);
  return ctx;
}

/** Once the port is known: default issuers follow the base URL so discovery and tokens agree. */
export function bindBaseUrl(ctx: EmulatorContext, baseUrl: string): void {
  ctx.baseUrl = baseUrl;
  if (!ctx.issuersFixed.v2) ctx.issuers.v2Base = baseUrl;
  if (!ctx.issuersFixed.v1) ctx.issuers.v1Base = `${baseUrl}/sts`;
}
