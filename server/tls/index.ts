/** TLS for the local world: the development certificate authority and trusting extra authorities process-wide. */
export { loadOrCreateDevCertificate } from './dev-certificate';
export type { DevCertificate } from './dev-certificate';
export { trustCertificateAuthorities } from './trust';
