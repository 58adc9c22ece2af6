// The event's sync history, newest first, as short plain-words lines.
import { Text, makeStyles, tokens } from '@fluentui/react-components';
import type { ApiClient } from '../../api/client';
import { useHistory } from '../hooks/use-history';

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
}

export function HistoryList({ api, restId, revision }: HistoryListProps) {
  const styles = useStyles();
  const { entries, error } = useHistory(api, restId, revision);
  if (error) return <Text size={200}>History is unavailable: {error}</Text>;
  if (!entries) return <Text size={200}>Loading history…</Text>;
  if (entries.length === 0) return <Text size={200}>No sync activity yet.</Text>;
  return (
    <ul className={styles.list} aria-label="Sync history">
      {entries.map((e, i) => (
        <li key={`${e.at}-${i}`}>
          <Text size={200} className={e.ok ? undefined : styles.failed}>
            {e.summary}
          </Text>{' '}
          <Text size={100} className={styles.when}>
            {new Date(e.at).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' })}
          </Text>
        </li>
      ))}
    </ul>
  );
}
