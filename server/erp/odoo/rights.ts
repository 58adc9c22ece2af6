/**
 * The integration user's Odoo groups, checked when the connection is tested: a missing group the sync cannot work
 * without fails with a sentence naming it and where to set it; a group only some features need is a warning.
 * docs/ERP.md explains each choice. Labels are Odoo 19's (Settings > Users > a user > Access Rights).
 */
import { ErpError } from '../errors';
import { BooleanSchema, callParsed } from './answers';
import type { OdooClient } from './client';

interface GroupNeed {
  xmlid: string;
  /** As Odoo's user form shows it. */
  label: string;
  why: string;
  required: boolean;
}

export const INTEGRATION_GROUPS: readonly GroupNeed[] = [
  { xmlid: 'base.group_user', label: 'User type: Internal User', why: 'to read and write calendars', required: true },
  {
    xmlid: 'base.group_partner_manager',
    label: 'Contact: Creation',
    why: 'to add attendees who are not Odoo contacts yet',
    required: true,
  },
  {
    xmlid: 'base.group_system',
    label: 'Administration: Settings',
    why: 'to create a calendar tag for an Outlook category Odoo does not have yet (without it, create those tags in Odoo)',
    required: false,
  },
];

/** Warnings for missing optional groups; throws ErpError 'auth' for the first missing required one. */
export async function checkRights(client: OdooClient, uid: number, login: string): Promise<string[]> {
  const warnings: string[] = [];
  for (const need of INTEGRATION_GROUPS) {
    const params = { ids: [uid], group_ext_id: need.xmlid };
    const has = await callParsed(client, 'res.users', 'has_group', params, BooleanSchema);
    if (has) continue;
    const sentence =
      `The Odoo user "${login}" lacks the group "${need.label}", needed ${need.why}. In Odoo: Settings > Users & ` +
      `Companies > Users > ${login} > Access Rights, set ${need.label}.`;
    if (need.required) throw new ErpError('auth', sentence, { erpMessage: sentence });
    warnings.push(sentence);
  }
  return warnings;
}
