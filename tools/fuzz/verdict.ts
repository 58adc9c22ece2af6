/**
 * What the fuzz run counts for each answer: a 5xx, an error body that is not a JSON problem, a body naming the
 * inside (stack frames, file paths), something a forged credential was given, another person's data in an answer,
 * no answer at all. Pure: request and answer in, findings out.
 */
import { INJECTIONS } from './hostile';
import type { FuzzRequest } from './requests';

export type Figure = 'fiveHundreds' | 'nonJson' | 'stackOrPath' | 'forgedAccepted' | 'leaks' | 'unanswered';

export interface Answer {
  status: number;
  contentType: string;
  body: string;
  /** A network error or timeout instead of an answer. */
  error?: string;
}

export interface Finding {
  figure: Figure;
  request: string;
  status: number;
  excerpt: string;
}

/** Secrets of a person's data that no one else's answer may carry. */
export interface Markers {
  /** Per person index: strings only that person's (and the admin's) answers may contain. */
  byPerson: string[][];
}

const INSIDE = [
  /\bat (?:async )?[\w$.<>[\]]+ \(/, // a stack frame
  /\bat (?:async )?\/\S+:\d+/,
  /node_modules/,
  /\/work\//,
  /\/tmp\//,
  /\/home\//,
  /\/usr\/(?:local\/)?lib\/node/,
  /[\w-]\.(?:ts|js|mjs|cjs):\d+(?::\d+)?/,
  /file:\/\//,
];

/** Categories whose requests must all be refused (a status below 400 is a finding). */
const MUST_REFUSE = [
  /^add-in, forged/,
  /^admin, forged/,
  /^graph webhook, forged/,
  /^erp webhook/,
  /refused body$/,
  /another person's or no event/,
];

/**
 * The fuzzer's own strings that look like the inside (`file:///etc/passwd`): the admin actions log shows, clipped,
 * what earlier requests sent, so they come back there by design and say nothing about the backend's inside.
 */
const ECHOES = INJECTIONS.filter((text) => INSIDE.some((pattern) => pattern.test(text)));

function withoutEchoes(body: string): string {
  let rest = body;
  for (const echo of ECHOES) {
    rest = rest.split(echo).join('').split(JSON.stringify(echo).slice(1, -1)).join('');
  }
  return rest;
}

export function describe(request: FuzzRequest): string {
  if (request.raw !== undefined) return `RAW ${JSON.stringify(request.raw.slice(0, 80))}`;
  const body = request.body ? ` (${request.body.length} B body)` : '';
  return `${request.method} ${request.path.slice(0, 160)}${body} [${request.category}]`;
}

function decoded(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function isJsonProblem(answer: Answer): boolean {
  if (!/^application\/(problem\+)?json\b/i.test(answer.contentType)) return false;
  try {
    const parsed = JSON.parse(answer.body) as unknown;
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed);
  } catch {
    return false;
  }
}

export function judge(request: FuzzRequest, answer: Answer, markers: Markers): Finding[] {
  const findings: Finding[] = [];
  const add = (figure: Figure) =>
    findings.push({
      figure,
      request: describe(request),
      status: answer.status,
      excerpt: answer.error ?? answer.body.slice(0, 300),
    });
  if (answer.error !== undefined) {
    add('unanswered');
    return findings;
  }
  if (answer.status >= 500) add('fiveHundreds');
  const bodyless = request.method === 'HEAD' || answer.status === 204 || answer.status === 304;
  if (answer.status >= 400 && !bodyless && !isJsonProblem(answer)) add('nonJson');
  const judgedBody = answer.status >= 400 || /json/i.test(answer.contentType);
  if (judgedBody && INSIDE.some((pattern) => pattern.test(withoutEchoes(answer.body)))) add('stackOrPath');
  if (answer.status < 400 && MUST_REFUSE.some((pattern) => pattern.test(request.category))) add('forgedAccepted');
  if (request.as !== 'admin') {
    const sent = `${request.path}\n${decoded(request.path)}\n${request.body?.toString('utf8') ?? ''}`;
    const foreign = markers.byPerson.flatMap((list, index) => (index === request.as ? [] : list));
    if (foreign.some((marker) => answer.body.includes(marker) && !sent.includes(marker))) add('leaks');
  }
  return findings;
}
