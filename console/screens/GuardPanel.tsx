// The mass-delete guard's held deletions, listed one by one, with the two answers: confirm (the deletions are
// carried out) or reject (the events are restored). The answer names the list shown (its version), so a list that
// changed meanwhile is refused by the server rather than confirmed blind.
import {
  Button,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import type { AdminApi, Condition, Mailbox } from '../admin-api';
import { when } from '../use-load';
import { ModalDialog } from './ModalDialog';

interface Held {
  key: string;
  title: string | null;
  start: string | null;
  lostOn: 'outlook' | 'erp';
  wouldDelete: { side: 'outlook' | 'erp'; how: 'delete' | 'archive' } | null;
}

const SIDE = { outlook: 'Outlook', erp: 'the ERP' } as const;

/** Same fingerprint as the server's heldVersion: sha256 of [side, sorted keys], first 16 hex digits. */
export async function heldVersion(side: string, keys: string[]): Promise<string> {
  const data = new TextEncoder().encode(JSON.stringify([side, [...keys].sort()]));
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', data));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0'))
    .join('')
    .slice(0, 16);
}

const useStyles = makeStyles({
  wrap: { display: 'grid', gap: tokens.spacingVerticalS, marginTop: tokens.spacingVerticalS },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS },
});

function consequence(h: Held): string {
  if (!h.wouldDelete) return 'Only the pairing is forgotten';
  return `${h.wouldDelete.how === 'archive' ? 'Archived' : 'Deleted'} in ${SIDE[h.wouldDelete.side]}`;
}

export function GuardPanel(props: { api: AdminApi; mailbox: Mailbox; condition: Condition; onAnswered: () => void }) {
  const styles = useStyles();
  const details = (props.condition.details ?? {}) as {
    side?: 'outlook' | 'erp';
    held?: Held[];
    confirmed?: { by: string; at: string } | null;
  };
  const side = details.side ?? (props.condition.key === 'erp' ? 'erp' : 'outlook');
  const held = details.held ?? [];
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const answer = async (decision: 'confirm' | 'reject') => {
    setBusy(true);
    setError(null);
    try {
      const version =
        props.condition.version ??
        (await heldVersion(
          side,
          held.map((h) => h.key),
        ));
      await props.api.answerGuard(props.mailbox, side, decision, version);
      props.onAnswered();
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className={styles.wrap}>
      <Table aria-label="Held deletions" size="small">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Event</TableHeaderCell>
            <TableHeaderCell>Starts</TableHeaderCell>
            <TableHeaderCell>Disappeared from</TableHeaderCell>
            <TableHeaderCell>If confirmed</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {held.map((h) => (
            <TableRow key={h.key}>
              <TableCell>{h.title ?? h.key}</TableCell>
              <TableCell>{when(h.start)}</TableCell>
              <TableCell>{h.lostOn === 'outlook' ? 'Outlook' : 'ERP'}</TableCell>
              <TableCell>{consequence(h)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {details.confirmed ? (
        <MessageBar intent="info">
          <MessageBarBody>
            Confirmed by {details.confirmed.by} at {when(details.confirmed.at)}: the next sync carries them out.
          </MessageBarBody>
        </MessageBar>
      ) : (
        <div className={styles.actions}>
          <Button appearance="primary" disabled={busy} onClick={() => setConfirming(true)}>
            Confirm {held.length} deletion{held.length === 1 ? '' : 's'}
          </Button>
          <ModalDialog
            open={confirming}
            onClose={() => setConfirming(false)}
            title="Confirm the held deletions?"
            actions={
              <>
                <Button
                  appearance="primary"
                  onClick={() => {
                    setConfirming(false);
                    void answer('confirm');
                  }}
                >
                  Confirm deletions
                </Button>
                <Button onClick={() => setConfirming(false)}>Cancel</Button>
              </>
            }
          >
            <Text as="p">
              The next sync carries out exactly the {held.length} deletion{held.length === 1 ? '' : 's'} listed for{' '}
              {props.mailbox.upn}. This cannot be undone.
            </Text>
          </ModalDialog>
          <Button disabled={busy} onClick={() => void answer('reject')}>
            Reject: restore the events
          </Button>
        </div>
      )}
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>The answer was not taken: {error}</MessageBarBody>
        </MessageBar>
      )}
    </div>
  );
}
