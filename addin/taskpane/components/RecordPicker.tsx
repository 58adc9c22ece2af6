// "Regarding": the customer, contact, opportunity, quotation or order the event is about, like Dynamics' Set
// Regarding. One search over all of them, each with its type and its customer; the link opens the record in the ERP.
import { Button, Combobox, Field, Link, Option, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useRef, useState } from 'react';
import type { ApiClient } from '../../api/client';
import type { ErpRecord, LinkableRecord } from '../../../contract/addin-api';
import { SEARCH_MIN_CHARS, useRecordSearch } from '../hooks/use-record-search';
import { useI18n, type MessageKey } from '../i18n';

const useStyles = makeStyles({
  combobox: { minWidth: 0, width: '100%' },
  linked: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap', minWidth: 0 },
  wrap: { wordBreak: 'break-word' },
  option: { display: 'flex', flexDirection: 'column', minWidth: 0 },
  secondary: { color: tokens.colorNeutralForeground3 },
});

export interface RecordPickerProps {
  api: ApiClient;
  erpName: string;
  linked: (Pick<ErpRecord, 'model' | 'id' | 'name'> & { url?: string | null }) | null;
  /** Sync is not possible (not connected, event gone): the picker shows the link but does not search. */
  disabled: boolean;
  onLink(record: LinkableRecord | null): void;
}

export function RecordPicker({ api, erpName, linked, disabled, onLink }: RecordPickerProps) {
  const styles = useStyles();
  const i18n = useI18n();
  const { t } = i18n;
  const [query, setQuery] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const { results, searching, error } = useRecordSearch(api, query, i18n);
  const typed = query.trim().length;
  const hint =
    typed === 0
      ? undefined
      : typed < SEARCH_MIN_CHARS
        ? t('link.typeMore')
        : searching
          ? t('link.searching')
          : (error ??
            (results.length === 0
              ? t('link.none', { query: query.trim() })
              : t('link.count', { count: results.length })));
  const typeOf = (r: LinkableRecord) => t(`type.${r.type}` as MessageKey);
  return (
    <>
      {linked && (
        <div className={styles.linked}>
          <Text size={200} className={styles.wrap}>
            {t('link.linked')}: <strong>{linked.name}</strong>
          </Text>
          {linked.url && (
            <Link href={linked.url} target="_blank" rel="noopener noreferrer">
              {t('link.open', { erp: erpName })}
            </Link>
          )}
          <Button
            appearance="subtle"
            size="small"
            disabled={disabled}
            onClick={() => {
              onLink(null);
              input.current?.focus(); // the button goes away with the link: keep the person where they were
            }}
          >
            {t('link.remove')}
          </Button>
        </div>
      )}
      <Field label={t('link.label')} hint={hint} validationState={error ? 'error' : 'none'}>
        <Combobox
          ref={input}
          className={styles.combobox}
          freeform
          // The listbox stays inside the pane's main landmark (a portal would sit outside every landmark).
          inlinePopup
          disabled={disabled}
          placeholder={t('link.placeholder')}
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
              <span className={styles.option}>
                <span>
                  {typeOf(r)}: {r.name}
                </span>
                <span className={styles.secondary}>
                  {[r.customer ? t('link.of', { customer: r.customer.name }) : '', r.detail ?? '']
                    .filter(Boolean)
                    .join(' · ')}
                </span>
              </span>
            </Option>
          ))}
        </Combobox>
      </Field>
    </>
  );
}
