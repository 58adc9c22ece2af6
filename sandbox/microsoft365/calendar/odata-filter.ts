/**
 * A small OData `$filter` compiler for event lists: eq/ne/gt/ge/lt/le, and/or/not, parentheses, startswith/
 * endswith/contains, and `any` lambdas (categories, singleValueExtendedProperties). Strings compare case-insensitively
 * as Exchange does, except extended-property names and values. Anything else is a 400, never silently ignored.
 */
import { badRequest } from './errors';
import { normalizePropertyId } from './extended-props';

type Row = Record<string, unknown>;
type Scope = Record<string, unknown>;
type Node = (row: Row, scope: Scope) => unknown;
export type EventPredicate = (row: Row) => boolean;

interface Token {
  kind: 'punct' | 'string' | 'word' | 'literal';
  text: string;
  value?: unknown;
}

const DATETIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?/;
const COMPARISONS = ['eq', 'ne', 'gt', 'ge', 'lt', 'le'];

function invalid(message: string): Error {
  return badRequest(`Invalid filter clause: ${message}`, 'ErrorInvalidUrlQueryFilter');
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const rest = source.slice(i);
    const space = /^\s+/.exec(rest);
    if (space) {
      i += space[0].length;
    } else if ('(),:/'.includes(rest[0]!)) {
      tokens.push({ kind: 'punct', text: rest[0]! });
      i += 1;
    } else if (rest[0] === "'") {
      const m = /^'((?:[^']|'')*)'/.exec(rest);
      if (!m) throw invalid('unterminated string');
      tokens.push({ kind: 'string', text: m[0], value: m[1]!.replace(/''/g, "'") });
      i += m[0].length;
    } else {
      const date = DATETIME.exec(rest);
      const number = /^-?\d+(\.\d+)?(?![\w-])/.exec(rest);
      const word = /^[A-Za-z_@][\w.@]*/.exec(rest);
      let token: Token;
      if (date && !number) token = { kind: 'literal', text: date[0], value: date[0] };
      else if (number) token = { kind: 'literal', text: number[0], value: Number(number[0]) };
      else if (word) token = { kind: 'word', text: word[0] };
      else throw invalid(`unexpected '${rest[0]}'`);
      tokens.push(token);
      i += token.text.length;
    }
  }
  return tokens;
}

function navigate(value: unknown, segments: string[]): unknown {
  let current = value;
  for (const segment of segments) {
    if (typeof current !== 'object' || current === null) return undefined;
    const key = Object.keys(current).find((k) => k.toLowerCase() === segment.toLowerCase());
    current = key === undefined ? undefined : (current as Record<string, unknown>)[key];
  }
  return current;
}

function asDate(value: unknown): number | undefined {
  if (typeof value !== 'string' || !DATETIME.test(value)) return undefined;
  const hasZone = /(Z|[+-]\d{2}:\d{2})$/.test(value);
  const parsed = Date.parse(hasZone ? value : `${value.slice(0, 23)}Z`);
  return Number.isNaN(parsed) ? undefined : parsed;
}

function compare(left: unknown, right: unknown, exact: boolean): number | undefined {
  const l = asDate(left);
  const r = asDate(right);
  if (l !== undefined && r !== undefined) return l - r;
  if (typeof left === 'number' && typeof right === 'number') return left - right;
  if (typeof left === 'string' && typeof right === 'string') {
    const a = exact ? left : left.toLowerCase();
    const b = exact ? right : right.toLowerCase();
    return a < b ? -1 : a > b ? 1 : 0;
  }
  return left === right ? 0 : undefined;
}

class Parser {
  private pos = 0;
  /** Lambda variables ranging over extended properties: their `id` and `value` compare exactly. */
  private propertyVars = new Set<string>();

  constructor(private readonly tokens: Token[]) {}

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  private take(text?: string): Token {
    const token = this.tokens[this.pos];
    if (!token || (text !== undefined && token.text.toLowerCase() !== text)) {
      throw invalid(`expected ${text ?? 'more input'} at token ${this.pos + 1}`);
    }
    this.pos += 1;
    return token;
  }

  parseAll(): Node {
    const node = this.or();
    if (this.peek()) throw invalid(`unexpected '${this.peek()!.text}'`);
    return node;
  }

  private or(): Node {
    let left = this.and();
    while (this.peek()?.text.toLowerCase() === 'or') {
      this.take();
      const l = left;
      const r = this.and();
      left = (row, scope) => Boolean(l(row, scope)) || Boolean(r(row, scope));
    }
    return left;
  }

  private and(): Node {
    let left = this.unary();
    while (this.peek()?.text.toLowerCase() === 'and') {
      this.take();
      const l = left;
      const r = this.unary();
      left = (row, scope) => Boolean(l(row, scope)) && Boolean(r(row, scope));
    }
    return left;
  }

  private unary(): Node {
    if (this.peek()?.text.toLowerCase() === 'not') {
      this.take();
      const inner = this.unary();
      return (row, scope) => !inner(row, scope);
    }
    const left = this.primary();
    const op = this.peek()?.text.toLowerCase();
    if (!op || !COMPARISONS.includes(op)) return left;
    this.take();
    const right = this.primary();
    const exact = this.lastPathExact || this.previousPathExact;
    return (row, scope) => {
      const c = compare(left(row, scope), right(row, scope), exact);
      if (c === undefined) return op === 'ne';
      return { eq: c === 0, ne: c !== 0, gt: c > 0, ge: c >= 0, lt: c < 0, le: c <= 0 }[op as 'eq'];
    };
  }

  private lastPathExact = false;
  private previousPathExact = false;

  private primary(): Node {
    const token = this.take();
    this.previousPathExact = this.lastPathExact;
    this.lastPathExact = false;
    if (token.text === '(') {
      const inner = this.or();
      this.take(')');
      return inner;
    }
    if (token.kind === 'string' || token.kind === 'literal') return () => token.value;
    const word = token.text.toLowerCase();
    if (word === 'true' || word === 'false') return () => word === 'true';
    if (word === 'null') return () => null;
    if (['startswith', 'endswith', 'contains'].includes(word) && this.peek()?.text === '(') return this.func(word);
    return this.path(token.text);
  }

  private func(name: string): Node {
    this.take('(');
    const subject = this.primary();
    this.take(',');
    const needle = this.primary();
    this.take(')');
    return (row, scope) => {
      const s = String(subject(row, scope) ?? '').toLowerCase();
      const n = String(needle(row, scope) ?? '').toLowerCase();
      return name === 'startswith' ? s.startsWith(n) : name === 'endswith' ? s.endsWith(n) : s.includes(n);
    };
  }

  private path(first: string): Node {
    const segments = [first];
    while (this.peek()?.text === '/') {
      this.take('/');
      const next = this.take();
      if (['any', 'all'].includes(next.text.toLowerCase()) && this.peek()?.text === '(') {
        return this.lambda(segments, next.text.toLowerCase() === 'all');
      }
      segments.push(next.text);
    }
    const [head, ...rest] = segments;
    const isVar = (scope: Scope) => Object.hasOwn(scope, head!);
    const last = segments[segments.length - 1]!.toLowerCase();
    const exact = this.propertyVars.has(head!) && (last === 'id' || last === 'value');
    this.lastPathExact = exact;
    const normalize = this.propertyVars.has(head!) && last === 'id';
    return (row, scope) => {
      const value = isVar(scope) ? navigate(scope[head!], rest) : navigate(row, segments);
      return normalize && typeof value === 'string' ? normalizePropertyId(value) : value;
    };
  }

  private lambda(segments: string[], all: boolean): Node {
    this.take('(');
    const variable = this.take().text;
    this.take(':');
    const overProperties = segments[segments.length - 1]!.toLowerCase() === 'singlevalueextendedproperties';
    if (overProperties) this.propertyVars.add(variable);
    const body = this.or();
    this.propertyVars.delete(variable);
    this.take(')');
    return (row, scope) => {
      const items = navigate(row, segments);
      if (!Array.isArray(items)) return all;
      const test = (item: unknown) => Boolean(body(row, { ...scope, [variable]: item }));
      return all ? items.every(test) : items.some(test);
    };
  }
}

/** Compiles `$filter`; string literals compared with extended-property ids are normalized the same way. */
export function compileFilter(source: string): EventPredicate {
  const tokens = tokenize(source).map((t) =>
    t.kind === 'string' && /^\S+\s+\{[0-9a-fA-F-]+\}\s+(name|id)\s+/i.test(String(t.value))
      ? { ...t, value: normalizePropertyId(String(t.value)) }
      : t,
  );
  const node = new Parser(tokens).parseAll();
  return (row) => Boolean(node(row, {}));
}
