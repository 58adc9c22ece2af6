// The event's sync history, newest first, worded in the person's language from the backend's structured lines.
import { Text, makeStyles, tokens } from '@fluentui/react-components';
import type { ApiClient } from '../../api/client';
import type { HistoryEntry } from '../../../contract/addin-api';
import { fieldLabel } from '../format-value';
import { useHistory } from '../hooks/use-history';
import { useI18n, type I18n, type MessageKey } from '../i18n';

const useStyles = makeStyles({
  list: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
  },
  failed: { color: tokens.colorPaletteRedForeground1 },
  when: { color: tokens.colorNeutralForeground3 },
});

export interface HistoryListProps {
  api: ApiClient;
  restId: string;
  revision: number;
  erpName: string;
}

function sideName(side: 'outlook' | 'erp', erp: string): string {
  return side === 'outlook' ? 'Outlook' : erp;
}

/** One history line in words. */
export function historyWords(i18n: I18n, e: HistoryEntry, erp: string): string {
  const { t, list } = i18n;
  const fields = list(e.fields.map((f) => fieldLabel(i18n, f)));
  const from = e.from ? sideName(e.from, erp) : '';
  const to = e.from ? sideName(e.from === 'outlook' ? 'erp' : 'outlook', erp) : '';
  switch (e.action) {
    case 'created':
    case 'deleted':
    case 'archived':
      return t(`history.${e.action}`, { from, to });
    case 'updated':
      return t('history.updated', { from, to, fields });
    case 'failed': {
      const key = `error.${e.detail ?? ''}` as MessageKey;
      const reason = i18n.t(key) !== key ? t(key, { erp, detail: '' }) : (e.detail ?? '');
      return t('history.failed', { reason });
    }
    case 'not_synced':
      return t('history.not_synced', { reason: e.detail ?? '' });
    case 'linked':
      return e.detail ? t('history.linked', { name: e.detail }) : t('history.linkedUnknown');
    case 'resolved': {
      const kept = (['outlook', 'erp'] as const)
        .filter((side) => (e.kept?.[side].length ?? 0) > 0)
        .map((side) =>
          t('history.keptFrom', {
            fields: list(e.kept![side].map((f) => fieldLabel(i18n, f))),
            side: sideName(side, erp),
          }),
        );
      return kept.length > 0 ? t('history.resolvedKept', { kept: kept.join('; ') }) : t('history.resolved');
    }
    case 'other':
      return t('history.other', { detail: e.detail ?? '' });
    default:
      return t(`history.${e.action}` as MessageKey, { erp });
  }
}

export function HistoryList({ api, restId, revision, erpName }: HistoryListProps) {
  const styles = useStyles();
  const i18n = useI18n();
  const { entries, error } = useHistory(api, restId, revision, i18n);
  if (error) return <Text size={200}>{i18n.t('history.unavailable', { reason: error })}</Text>;
  if (!entries) return <Text size={200}>{i18n.t('history.loading')}</Text>;
  if (entries.length === 0) return <Text size={200}>{i18n.t('history.empty')}</Text>;
  return (
    <ul className={styles.list} aria-label={i18n.t('history.label')}>
      {entries.map((e, i) => (
        <li key={`${e.at}-${i}`}>
          <Text size={200} className={e.ok ? undefined : styles.failed}>
            {historyWords(i18n, e, erpName)}
          </Text>{' '}
          <Text size={100} className={styles.when}>
            {i18n.dateTime(e.at)}
          </Text>
        </li>
      ))}
    </ul>
  );
}
