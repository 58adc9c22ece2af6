/**
 * Credentials for the fuzz run: genuine add-in tokens of people (to reach past the front door and to try another
 * person's ids), another tenant's genuine token, and every kind of forged token (alg none, HS256 keyed with the
 * tenant's public key, a stranger's key, an unknown kid, tampered claims, expired, not yet valid, wrong audience,
 * issuer, scope or version), plus the admin key and its near misses.
 */
import { createHmac, createPublicKey, generateKeyPairSync, type JsonWebKey } from 'node:crypto';
import { SignJWT } from 'jose';
import type { Dispatcher } from 'undici';
import { request } from 'undici';
import type { ControlClient } from '../../sandbox/microsoft365/control/client';
import {
  CONTOSO_TENANT_ID,
  FABRIKAM_TENANT_ID,
  FABRIKAM_USER_ID,
  MEGAN_ID,
  SYNC_ADMIN_ROLE,
} from '../../sandbox/microsoft365/world/seed';

type Claims = Record<string, unknown>;

const OTHER_APP_ID = '11111111-2222-4333-8444-555555555555';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function partsOf(token: string): { header: Claims; claims: Claims } {
  const [h = '', p = ''] = token.split('.');
  return {
    header: JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as Claims,
    claims: JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Claims,
  };
}

function tamper(token: string, changes: Claims): string {
  const [h, , s] = token.split('.');
  return `${h}.${b64({ ...partsOf(token).claims, ...changes })}.${s}`;
}

async function signWithStrangerKey(token: string, kid: string): Promise<string> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const { header, claims } = partsOf(token);
  return new SignJWT(claims).setProtectedHeader({ ...header, alg: 'RS256', kid, x5t: kid }).sign(privateKey);
}

async function hs256WithPublicKey(token: string, jwksUri: string, dispatcher: Dispatcher): Promise<string> {
  const { header, claims } = partsOf(token);
  const answer = await request(jwksUri, { dispatcher });
  const { keys } = (await answer.body.json()) as { keys: Array<JsonWebKey & { kid: string }> };
  const jwk = keys.find((k) => k.kid === header['kid']) ?? keys[0];
  if (!jwk) throw new Error('no signing key in the JWKS');
  const pem = createPublicKey({ key: jwk, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
  const input = `${b64({ ...header, alg: 'HS256' })}.${b64(claims)}`;
  return `${input}.${createHmac('sha256', pem).update(input).digest('base64url')}`;
}

export interface ForgedAuthorization {
  kind: string;
  /** The Authorization header value, or undefined to send none. */
  header: string | undefined;
}

/** Every forged or unfit Authorization the add-in API must refuse, built from a genuine token of `user`. */
export async function forgedAddinAuthorizations(
  m365BaseUrl: string,
  control: ControlClient,
  user: string,
  dispatcher: Dispatcher,
): Promise<ForgedAuthorization[]> {
  const genuine = await control.mintAddinToken({ user });
  // Another app of the same tenant: its genuine tokens are for someone else's API (wrong audience).
  await control.call('POST', '/apps', {
    clientId: OTHER_APP_ID,
    displayName: 'Another app',
    homeTenantId: CONTOSO_TENANT_ID,
    secrets: ['another-app-secret'],
    appIdUri: `api://another.example/${OTHER_APP_ID}`,
    consents: { [CONTOSO_TENANT_ID]: { delegated: ['User.Read'], application: [] } },
  });
  const now = Math.floor(Date.now() / 1000);
  const jwksUri = `${m365BaseUrl}/${CONTOSO_TENANT_ID}/discovery/v2.0/keys`;
  const { header } = partsOf(genuine);
  const bearer = (token: string) => `Bearer ${token}`;
  const forged: Array<[string, string | undefined]> = [
    ['none', undefined],
    ['empty bearer', 'Bearer '],
    ['not a jwt', 'Bearer not-a-token'],
    ['basic', `Basic ${Buffer.from('admin:admin').toString('base64')}`],
    ['alg none', `Bearer ${b64({ ...header, alg: 'none' })}.${b64(partsOf(genuine).claims)}.`],
    ['hs256 with the public key', bearer(await hs256WithPublicKey(genuine, jwksUri, dispatcher))],
    ['stranger key, same kid', bearer(await signWithStrangerKey(genuine, String(header['kid'])))],
    ['stranger key, unknown kid', bearer(await signWithStrangerKey(genuine, 'unknown-kid'))],
    ['tampered oid', bearer(tamper(genuine, { oid: '00000000-0000-0000-0000-000000000001' }))],
    ['tampered tid', bearer(tamper(genuine, { tid: '00000000-0000-0000-0000-000000000002' }))],
    ['tampered scp', bearer(tamper(genuine, { scp: 'access_as_user Calendars.ReadWrite.All' }))],
    ['tampered exp', bearer(tamper(genuine, { exp: now + 86_400 * 365 }))],
    ['tampered nbf (future)', bearer(tamper(genuine, { nbf: now + 3_600 }))],
    ['signature stripped', bearer(genuine.split('.').slice(0, 2).join('.') + '.')],
    ['expired', bearer(await control.mintAddinToken({ user, expiresInSeconds: -120 }))],
    ['wrong audience', bearer(await control.mintAddinToken({ user, clientId: OTHER_APP_ID }))],
    ['wrong issuer', bearer(await control.mintAddinToken({ user, issuer: 'https://evil.example/v2.0' }))],
    ['wrong scope', bearer(await control.mintAddinToken({ user, scopes: ['User.Read'] }))],
    ['graph token', bearer(await control.mintGraphToken({ user, scopes: ['Calendars.ReadWrite'] }))],
    ['another tenant (genuine)', bearer(await control.mintAddinToken({ user: FABRIKAM_USER_ID }))],
    ['token twice', `Bearer ${genuine} ${genuine}`],
    ['lower-case scheme, tampered', `bearer ${tamper(genuine, { name: '<script>' })}`],
  ];
  return forged.map(([kind, value]) => ({ kind, header: value }));
}

/** Admin API credentials that must be refused: none, near misses of the key, an add-in token. */
export function forgedAdminAuthorizations(adminKey: string, addinToken: string): ForgedAuthorization[] {
  return [
    { kind: 'admin: none', header: undefined },
    { kind: 'admin: wrong key', header: `Bearer ${'x'.repeat(adminKey.length)}` },
    { kind: 'admin: key prefix', header: `Bearer ${adminKey.slice(0, -1)}` },
    { kind: 'admin: key plus one', header: `Bearer ${adminKey}x` },
    { kind: 'admin: key as basic', header: `Basic ${Buffer.from(`admin:${adminKey}`).toString('base64')}` },
    { kind: 'admin: add-in token', header: `Bearer ${addinToken}` },
    { kind: 'admin: empty', header: 'Bearer ' },
  ];
}

/**
 * Admin API bearer tokens: Megan's genuine one (Contoso, app role Sync.Admin) and the ones that must be refused
 * beside it: another tenant's genuine admin (Fabrikam, role assigned), the role written into a person's token,
 * Megan's expired, for another audience, or with the role stripped by a tamper.
 */
export async function adminBearers(
  control: ControlClient,
  personToken: string,
): Promise<{ genuine: string; forged: ForgedAuthorization[] }> {
  await control.setAppRoles(FABRIKAM_USER_ID, [SYNC_ADMIN_ROLE]);
  const genuine = await control.mintAddinToken({ user: MEGAN_ID });
  const bearer = (token: string) => `Bearer ${token}`;
  const forged: Array<[string, string]> = [
    ["admin: another tenant's admin (genuine)", bearer(await control.mintAddinToken({ user: FABRIKAM_USER_ID }))],
    ["admin: role written into a person's token", bearer(tamper(personToken, { roles: [SYNC_ADMIN_ROLE] }))],
    ['admin: expired admin token', bearer(await control.mintAddinToken({ user: MEGAN_ID, expiresInSeconds: -120 }))],
    ['admin: graph token of the admin', bearer(await control.mintGraphToken({ user: MEGAN_ID }))],
    ['admin: admin token, tenant tampered', bearer(tamper(genuine, { tid: FABRIKAM_TENANT_ID }))],
  ];
  return { genuine, forged: forged.map(([kind, header]) => ({ kind, header })) };
}
