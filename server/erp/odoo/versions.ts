/**
 * Odoo version strings as servers report them: `19.0`, `18.0+e`, and Odoo Online's `saas~18.4` (a monthly SaaS
 * release between two majors). What the adapter decides from them: JSON-2 exists from 19.0 on (Odoo Online
 * saas~19.x too); the web client opens records at `/odoo/<model>/<id>` from 17.2 on.
 */
export interface OdooVersion {
  major: number;
  minor: number;
  /** Odoo Online's `saas~` series. */
  saas: boolean;
}

/** The version in `text`, or null when it is not one Odoo writes. */
export function parseOdooVersion(text: string): OdooVersion | null {
  const match = /^\s*(saas~)?(\d+)\.(\d+)/.exec(text);
  if (!match) return null;
  return { major: Number(match[2]), minor: Number(match[3]), saas: match[1] !== undefined };
}

export function servesJson2(version: OdooVersion | null): boolean {
  return version !== null && version.major >= 19;
}

export function modernRecordUrls(version: OdooVersion | null): boolean {
  return version !== null && (version.major > 17 || (version.major === 17 && version.minor >= 2));
}
