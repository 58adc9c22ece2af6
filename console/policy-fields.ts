// The tenant policy's fields as the editor shows them (see server/engine/policy-schema.ts): path, label, kind and
// choices. Values are edited as text and turned back into the stored shape; empty means "product default".
export type FieldKind = 'choice' | 'number' | 'text' | 'boolean';

export interface PolicyField {
  path: string;
  label: string;
  hint: string;
  kind: FieldKind;
  choices?: Array<{ value: string; label: string }>;
  /** Shown only when another field has a value (e.g. window.back only for window.kind = days). */
  showIf?: { path: string; value: string };
}

const choice = (...pairs: Array<[string, string]>) => pairs.map(([value, label]) => ({ value, label }));

export const POLICY_FIELDS: PolicyField[] = [
  {
    path: 'direction',
    label: 'Direction',
    hint: 'Which way changes flow.',
    kind: 'choice',
    choices: choice(
      ['twoWay', 'Both ways'],
      ['outlookToErp', 'Outlook to ERP only'],
      ['erpToOutlook', 'ERP to Outlook only'],
    ),
  },
  {
    path: 'scope',
    label: 'Outlook events that sync',
    hint: 'Only the events people mark, or every event in the window.',
    kind: 'choice',
    choices: choice(['marked', 'Marked events only'], ['all', 'Every event']),
  },
  {
    path: 'window.kind',
    label: 'Window',
    hint: 'Days around today, or from now until some days ahead.',
    kind: 'choice',
    choices: choice(['days', 'Days back and ahead'], ['upcoming', 'Upcoming days only']),
  },
  {
    path: 'window.back',
    label: 'Days back',
    hint: '0 to 3650.',
    kind: 'number',
    showIf: { path: 'window.kind', value: 'days' },
  },
  {
    path: 'window.ahead',
    label: 'Days ahead',
    hint: '1 to 3650.',
    kind: 'number',
    showIf: { path: 'window.kind', value: 'days' },
  },
  {
    path: 'window.days',
    label: 'Days ahead',
    hint: '1 to 3650.',
    kind: 'number',
    showIf: { path: 'window.kind', value: 'upcoming' },
  },
  {
    path: 'conflicts',
    label: 'Conflicts',
    hint: 'Who wins a field changed on both sides.',
    kind: 'choice',
    choices: choice(
      ['latest', 'The latest change'],
      ['outlook', 'Outlook'],
      ['erp', 'The ERP'],
      ['ask', 'Ask the person'],
    ),
  },
  {
    path: 'deletes',
    label: 'Deletions',
    hint: 'What a delete on one side does to the other.',
    kind: 'choice',
    choices: choice(
      ['propagate', 'Delete there too'],
      ['unlink', 'Keep it there, unlinked'],
      ['archive', 'Archive it in the ERP'],
    ),
  },
  {
    path: 'attendees',
    label: 'Attendees',
    hint: 'Quiet: no invitation is ever sent.',
    kind: 'choice',
    choices: choice(['quiet', 'Quiet (no invitations)'], ['full', 'Attendees sync']),
  },
  { path: 'recurrence', label: 'Sync recurring series', hint: 'Off: single events only.', kind: 'boolean' },
  {
    path: 'optOut',
    label: 'When an event is unmarked',
    hint: 'Keep its ERP copy (unlinked) or delete it.',
    kind: 'choice',
    choices: choice(['keep', 'Keep the ERP copy'], ['delete', 'Delete the ERP copy']),
  },
  {
    path: 'marking.category',
    label: 'Marking category',
    hint: 'Outlook category that marks an event; empty: off.',
    kind: 'text',
  },
  {
    path: 'marking.subjectTag',
    label: 'Subject tag',
    hint: 'Text in the subject that marks an event; empty: off.',
    kind: 'text',
  },
  {
    path: 'erpScope.tag',
    label: 'ERP tag',
    hint: 'Only ERP events with this tag sync; empty: all of the person.',
    kind: 'text',
  },
  {
    path: 'erpScope.emailDomain',
    label: 'Attendee domain',
    hint: 'Only ERP events with an attendee at this domain sync, e.g. contoso.com.',
    kind: 'text',
  },
  {
    path: 'massDelete.maxShare',
    label: 'Mass-delete guard: share',
    hint: 'Hold deletions when a side lost more than this share (0 to 1, e.g. 0.2).',
    kind: 'number',
  },
  {
    path: 'massDelete.minCount',
    label: 'Mass-delete guard: at least',
    hint: '... and at least this many events (1 or more).',
    kind: 'number',
  },
  {
    path: 'customerDetails.show',
    label: "Customer's address in the event",
    hint: "The linked customer's address in the event's body.",
    kind: 'choice',
    choices: choice(['off', 'Off'], ['address', 'Address'], ['addressAndMap', 'Address and map link']),
  },
  {
    path: 'paneRights',
    label: 'ERP rights in the pane',
    hint: "Whose ERP rights the pane's search, links, contacts and leads carry.",
    kind: 'choice',
    choices: choice(
      ['personKey', "The person's own ERP key (asks for it)"],
      ['personCompanies', "The integration user, in the person's companies"],
    ),
  },
];

export type FormValues = Record<string, string>;

function get(source: Record<string, unknown>, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], source);
}

export function formOf(policy: Record<string, unknown>): FormValues {
  const values: FormValues = {};
  for (const field of POLICY_FIELDS) {
    const value = get(policy, field.path);
    values[field.path] = value === undefined || value === null ? '' : String(value);
  }
  return values;
}

/**
 * The policy to store for the form's values (the form shows the effective policy, so every shown value is sent; an
 * empty text switches that part off). A number that is not one stays text, for the server to refuse in words.
 */
export function policyOf(values: FormValues): Record<string, unknown> {
  const policy: Record<string, unknown> = {};
  for (const field of POLICY_FIELDS) {
    const raw = values[field.path] ?? '';
    if (field.showIf && values[field.showIf.path] !== field.showIf.value) continue;
    if (raw === '' && field.kind !== 'text') continue;
    const value =
      field.kind === 'number'
        ? raw.trim() !== '' && !Number.isNaN(Number(raw))
          ? Number(raw)
          : raw
        : field.kind === 'boolean'
          ? raw === 'true'
          : raw;
    const keys = field.path.split('.');
    let target = policy;
    for (const key of keys.slice(0, -1)) target = (target[key] ??= {}) as Record<string, unknown>;
    target[keys[keys.length - 1]!] = value;
  }
  return policy;
}

/** The parts of a policy in effect a tenant list shows, in words (e.g. "Direction: Both ways"). */
export function policySummary(effective: Record<string, unknown>): string[] {
  const shown = ['direction', 'scope', 'conflicts', 'deletes', 'attendees'];
  const lines: string[] = [];
  for (const field of POLICY_FIELDS.filter((f) => shown.includes(f.path))) {
    const value = get(effective, field.path);
    if (value === undefined || value === null) continue;
    const label = field.choices?.find((c) => c.value === String(value))?.label ?? String(value);
    lines.push(`${field.label}: ${label}`);
  }
  const recurrence = get(effective, 'recurrence');
  if (typeof recurrence === 'boolean') lines.push(recurrence ? 'Recurring series sync' : 'Single events only');
  return lines;
}
