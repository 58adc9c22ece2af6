// The closed catalogue: every code the backend can send the pane (contract/addin-api/codes.ts) has, in English and
// Spanish, what happened and the action, and a "who acts"; the backend's own lists are the contract's.
import { CONDITION_KINDS, PROBLEM_CODES, SYNC_ERROR_CODES } from '../../contract/addin-api/codes';
import { en } from '../../addin/taskpane/i18n/en';
import { es } from '../../addin/taskpane/i18n/es';
import { createI18n } from '../../addin/taskpane/i18n';
import { CONDITION_WHO, PROBLEM_WHO, SYNC_ERROR_WHO } from '../../addin/taskpane/words';
import { describeError } from '../../addin/taskpane/errors';
import { ApiProblem } from '../../addin/api/client';
import { MAILBOX_CONDITION_KINDS } from '../../server/store/mailbox-conditions';
import { plainError } from '../../server/engine/errors-in-plain-words';
import { ErpError } from '../../server/erp/errors';

const catalogues = { en, es } as Record<'en' | 'es', Record<string, string>>;
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

const families: Array<[string, readonly string[], Record<string, string>]> = [
  ['error', SYNC_ERROR_CODES, SYNC_ERROR_WHO],
  ['problem', PROBLEM_CODES, PROBLEM_WHO],
  ['condition', CONDITION_KINDS, CONDITION_WHO],
];

describe.each(['en', 'es'] as const)('the %s catalogue', (lang) => {
  const catalogue = catalogues[lang];
  it.each(families.flatMap(([family, codes, who]) => codes.map((code) => [family, code, who] as const)))(
    'when the backend sends %s code %s, then the pane says what happened, who acts and the action',
    (family, code, who) => {
      expect(catalogue[`${family}.${code}`]?.trim()).toBeTruthy();
      expect(catalogue[`${family}.${code}.action`]?.trim()).toBeTruthy();
      expect(['you', 'admin', 'nobody']).toContain(who[code]);
    },
  );

  it.each(PROBLEM_CODES.filter((code) => PROBLEM_WHO[code] === 'admin'))(
    'when a request fails with %s, which only an administrator can clear, then the action names the administrator',
    (code) => {
      expect(catalogue[`problem.${code}.action`]).toMatch(/administra/);
    },
  );

  it('when any string has values to fill in, then it names the same ones as English', () => {
    for (const [key, text] of Object.entries(catalogue))
      expect([key, placeholders(text)]).toEqual([key, placeholders(catalogues.en[key]!)]);
  });
});

describe('Spanish is Spanish', () => {
  it('when an error, problem or condition is worded, then the Spanish differs from the English', () => {
    const same = Object.keys(en).filter(
      (key) => /^(error|problem|condition|who|status)\./.test(key) && catalogues.es[key] === catalogues.en[key],
    );
    expect(same).toEqual([]);
  });
});

describe('the backend sends only codes of the closed lists', () => {
  it('when the store lists its condition kinds, then they are the contract’s', () => {
    expect([...MAILBOX_CONDITION_KINDS].sort()).toEqual([...CONDITION_KINDS].sort());
  });

  it.each(['validation', 'conflict', 'auth', 'not_found', 'transient'] as const)(
    'when the ERP port fails with %s, then the event’s code is one the pane words',
    (kind) => {
      const { code } = plainError(new ErpError(kind, 'refused'));
      expect(SYNC_ERROR_CODES).toContain(code);
    },
  );

  it('when a failure is no port error, then its code is internal, worded without the raw message', () => {
    expect(plainError(new Error('boom')).code).toBe('internal');
  });
});

describe('a failed request in plain words', () => {
  const i18n = createI18n('es-ES');
  it.each([
    [
      { type: 'https://outlook-erp-sync.dev/problems/consent-required', title: 'Not allowed', status: 403 },
      /Su administrador/,
    ],
    [{ type: 'about:blank', title: 'Bad Gateway', status: 502 }, /no está disponible ahora/],
    [{ type: 'https://other.example/x', title: 'Not Found', status: 404 }, /ya no está en su calendario/],
  ])('when the answer is %j, then the sentence is Spanish and shows no status code', (problem, words) => {
    const text = describeError(new ApiProblem(problem), i18n, 'Odoo');
    expect(text).toMatch(words);
    expect(text).not.toMatch(/\b(403|404|502)\b|Bad Gateway|Not Found|\{/);
  });
});
