// Picks the customer or business document to link the event to: a combobox that searches as the person types.
import { Button, Combobox, Field, Option, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import type { ApiClient } from '../../api/client';
import type { ErpRecord, LinkableRecord } from '../../../contract/addin-api';
import { useRecordSearch } from '../hooks/use-record-search';

const useStyles = makeStyles({
  combobox: { minWidth: 0, width: '100%' },
  linked: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
});

export interface RecordPickerProps {
  api: ApiClient;
  linked: Pick<ErpRecord, 'model' | 'id' | 'name'> | null;
  disabled: boolean;
  onLink(record: LinkableRecord | null): void;
}

export function RecordPicker({ api, linked, disabled, onLink }: RecordPickerProps) {
  const styles = useStyles();
  const [query, setQuery] = useState('');
  const { results, searching, error } = useRecordSearch(api, query);
  const hint = searching
    ? 'Searching…'
    : (error ?? (query.trim().length >= 2 && results.length === 0 ? 'No matches' : undefined));
  return (
    <>
      {linked && (
        <div className={styles.linked}>
          <Text size={200}>Linked to {linked.name}</Text>
          <Button appearance="subtle" size="small" disabled={disabled} onClick={() => onLink(null)}>
            Remove link
          </Button>
        </div>
      )}
      <Field label="Linked customer or document" hint={hint} validationState={error ? 'error' : 'none'}>
        <Combobox
          className={styles.combobox}
          freeform
          disabled={disabled}
          placeholder={linked ? linked.name : 'Type to search'}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onOptionSelect={(_, data) => {
            const record = results.find((r) => `${r.model}:${r.id}` === data.optionValue);
            if (record) {
              setQuery('');
              onLink(record);
            }
          }}
        >
          {results.map((r) => (
            <Option key={`${r.model}:${r.id}`} value={`${r.model}:${r.id}`} text={r.name}>
              {r.detail ? `${r.name} · ${r.detail}` : r.name}
            </Option>
          ))}
        </Combobox>
      </Field>
    </>
  );
}
