// First-run explanation: what the add-in does and how marking works, dismissed once per person.
import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
} from '@fluentui/react-components';

const useStyles = makeStyles({ list: { margin: '4px 0 0', paddingLeft: '18px' } });

export interface FirstRunProps {
  erpName: string;
  category: string;
  onDismiss(): void;
}

export function FirstRun({ erpName, category, onDismiss }: FirstRunProps) {
  const styles = useStyles();
  return (
    <MessageBar intent="info" layout="multiline" aria-label="About ERP sync">
      <MessageBarBody>
        <MessageBarTitle>Keep this event in sync with {erpName}</MessageBarTitle>
        <ul className={styles.list}>
          <li>Turn on “Sync with ERP” to copy the event to {erpName} and keep both up to date.</li>
          <li>Link it to a customer or document so colleagues find it there.</li>
          <li>Events in the “{category}” category are synced too.</li>
        </ul>
      </MessageBarBody>
      <MessageBarActions>
        <Button appearance="primary" size="small" onClick={onDismiss}>
          Got it
        </Button>
      </MessageBarActions>
    </MessageBar>
  );
}
