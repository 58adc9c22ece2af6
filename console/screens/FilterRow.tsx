// One filter row for the searchable lists (mailboxes, audit log, runs, admin actions): labelled fields in a search form, Search
// and Clear buttons, plus whatever the screen adds (Export CSV). Times are typed as UTC and sent as ISO instants.
import { Button, Field, Input, makeStyles, Select, tokens } from '@fluentui/react-components';
import { type ReactNode, useState } from 'react';

const useStyles = makeStyles({
  filters: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(14rem, 1fr))',
    gap: tokens.spacingHorizontalM,
    alignItems: 'end',
  },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, marginTop: tokens.spacingVerticalS },
  // A long choice (a mailbox condition in words) would widen its select past the column: it shrinks instead.
  shrinks: { minWidth: 0 },
});

export type FilterQuery = Record<string, string | undefined>;

export interface FilterSpec {
  key: string;
  label: string;
  hint?: string;
  type?: 'text' | 'datetime-local';
  /** A choice instead of free text; the empty value means "any". */
  options?: Array<{ value: string; label: string }>;
}

/** datetime-local values are read as UTC and sent as ISO instants. */
export function toQuery(form: FilterQuery, fields: FilterSpec[]): FilterQuery {
  const query: FilterQuery = {};
  for (const f of fields) {
    const value = form[f.key];
    if (!value) continue;
    query[f.key] = f.type === 'datetime-local' ? new Date(`${value}Z`).toISOString() : value;
  }
  return query;
}

export function FilterRow({
  label,
  fields,
  onSearch,
  children,
}: {
  label: string;
  fields: FilterSpec[];
  onSearch: (query: FilterQuery) => void;
  children?: ReactNode;
}) {
  const styles = useStyles();
  const [form, setForm] = useState<FilterQuery>({});
  return (
    <form
      role="search"
      aria-label={label}
      onSubmit={(event) => {
        event.preventDefault();
        onSearch(toQuery(form, fields));
      }}
    >
      <div className={styles.filters}>
        {fields.map((f) => (
          <Field key={f.key} label={f.label} hint={f.hint} className={styles.shrinks}>
            {f.options ? (
              <Select
                className={styles.shrinks}
                select={{ className: styles.shrinks }}
                value={form[f.key] ?? ''}
                onChange={(_, data) => setForm({ ...form, [f.key]: data.value })}
              >
                <option value="">Any</option>
                {f.options.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </Select>
            ) : (
              <Input
                type={f.type ?? 'text'}
                value={form[f.key] ?? ''}
                onChange={(_, data) => setForm({ ...form, [f.key]: data.value })}
              />
            )}
          </Field>
        ))}
      </div>
      <div className={styles.actions}>
        <Button appearance="primary" type="submit">
          Search
        </Button>
        <Button
          type="button"
          onClick={() => {
            setForm({});
            onSearch({});
          }}
        >
          Clear
        </Button>
        {children}
      </div>
    </form>
  );
}
