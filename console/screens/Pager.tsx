// Cursor paging: first page, next page; the page number is what the person reads.
import { Button, makeStyles, Text, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({ pager: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM } });

export function Pager(props: {
  page: number;
  hasNext: boolean;
  onFirst: () => void;
  onNext: () => void;
  label: string;
}) {
  const styles = useStyles();
  return (
    <nav className={styles.pager} aria-label={props.label}>
      <Button disabled={props.page === 1} onClick={props.onFirst}>
        First page
      </Button>
      <Text aria-live="polite">Page {props.page}</Text>
      <Button disabled={!props.hasNext} onClick={props.onNext}>
        Next page
      </Button>
    </nav>
  );
}
