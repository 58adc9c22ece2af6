/**
 * Turning an answer into something two servers can agree on: database ids become labels in order of first
 * appearance (the two servers number records differently), many2one pairs keep their label only.
 */
import type { Answer, Target } from './target';

export class Labels {
  private readonly names = new Map<string, string>();
  /** Names a record, so its label does not depend on the order a server lists it in. */
  name(label: string, id: number, model = 'res.partner'): void {
    this.names.set(`${model}:${id}`, label);
  }
  /** `#1`, `#2`, ... in order of first sight, or the label given for a known id. */
  of(id: unknown, model = 'res.partner'): string {
    if (id === false || id === null || id === undefined) return 'none';
    const many2one = Array.isArray(id) ? id[0] : id;
    const key = `${model}:${Number(many2one)}`;
    let label = this.names.get(key);
    if (!label) {
      label = `${model}#${this.names.size + 1}`;
      this.names.set(key, label);
    }
    return label;
  }
  /** Labels of a list of ids, sorted (servers list x2many ids in their own order). */
  list(ids: unknown, model = 'res.partner'): string[] {
    return Array.isArray(ids) ? ids.map((id) => this.of(id, model)).sort() : [`not a list: ${JSON.stringify(ids)}`];
  }
}

/** The labels of a target, with its administrator's user and partner named. */
export function labelsOf(t: Target): Labels {
  const labels = new Labels();
  labels.name('admin user', t.admin.uid, 'res.users');
  labels.name('admin partner', t.admin.partnerId);
  return labels;
}

/** An answer with the value passed through `shape`, errors as they are. */
export async function shaped(answer: Promise<Answer>, shape: (value: unknown) => unknown = (v) => v) {
  const got = await answer;
  return 'error' in got ? got : { ok: shape(got.ok) };
}

/** Rows with only `fields`; the fields named in `models` (field -> model) hold ids and are labelled. */
export function rows(value: unknown, labels: Labels, fields: string[], models: Record<string, string> = {}): unknown {
  if (!Array.isArray(value)) return { notRows: value };
  return (value as Record<string, unknown>[]).map((row) =>
    Object.fromEntries(
      fields.map((f) => {
        const model = models[f];
        if (!model) return [f, row[f]];
        return [
          f,
          Array.isArray(row[f]) && typeof row[f][1] !== 'string'
            ? labels.list(row[f], model)
            : labels.of(row[f], model),
        ];
      }),
    ),
  );
}
