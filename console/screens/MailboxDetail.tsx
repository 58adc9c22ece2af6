// One mailbox: its conditions, each with what clears it (the guard's held deletions with confirm and reject), and
// the actions: sync now, dry run, pause or resume, reset (with a preview and a confirmation).
import {
  Button,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Spinner,
  Subtitle1,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import type { AdminApi, Mailbox, RunSummary } from '../admin-api';
import { GuardPanel } from './GuardPanel';
import { ResetDialog } from './ResetDialog';
import { RunResult } from './RunResult';

const useStyles = makeStyles({
  card: {
    display: 'grid',
    gap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalL,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    boxShadow: tokens.shadow4,
  },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  conditions: { margin: 0, paddingLeft: tokens.spacingHorizontalL, display: 'grid', gap: tokens.spacingVerticalS },
});

type Outcome = { kind: 'run'; title: string; summary: RunSummary } | { kind: 'text'; text: string };

export function MailboxDetail({ api, mailbox, onChanged }: { api: AdminApi; mailbox: Mailbox; onChanged: () => void }) {
  const styles = useStyles();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const paused = mailbox.state === 'paused' || mailbox.conditions?.some((c) => c.kind === 'paused');
  const act = async (label: string, action: () => Promise<Outcome>) => {
    setBusy(label);
    setError(null);
    setOutcome(null);
    try {
      setOutcome(await action());
      onChanged();
    } catch (failure) {
      setError(`${label} failed: ${(failure as Error).message}`);
    } finally {
      setBusy(null);
    }
  };
  const conditions = mailbox.conditions ?? [];
  return (
    <section className={styles.card} aria-labelledby="mailbox-detail-title">
      <Subtitle1 as="h2" id="mailbox-detail-title">
        {mailbox.upn}
      </Subtitle1>
      <section aria-label="Conditions">
        {conditions.length === 0 ? (
          <Text as="p">Nothing stops or limits this mailbox's sync.</Text>
        ) : (
          <ul className={styles.conditions}>
            {conditions.map((c) => (
              <li key={`${c.kind}-${c.reason}`}>
                <Text weight="semibold">{c.reason}</Text>
                {c.action && (
                  <Text as="p" block>
                    What clears it: {c.action}
                  </Text>
                )}
                {c.kind === 'delete_guard' && (
                  <GuardPanel api={api} mailbox={mailbox} condition={c} onAnswered={onChanged} />
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      <div className={styles.actions} role="group" aria-label={`Actions for ${mailbox.upn}`}>
        <Button
          appearance="primary"
          disabled={busy !== null}
          onClick={() =>
            void act('Sync now', async () => ({
              kind: 'run',
              title: 'Sync finished',
              summary: await api.syncNow(mailbox),
            }))
          }
        >
          Sync now
        </Button>
        <Button
          disabled={busy !== null}
          onClick={() =>
            void act('Dry run', async () => ({
              kind: 'run',
              title: 'Dry run: what a sync would do now (nothing was changed)',
              summary: await api.dryRun(mailbox),
            }))
          }
        >
          Dry run
        </Button>
        <Button
          disabled={busy !== null}
          onClick={() =>
            void act(paused ? 'Resume' : 'Pause', async () => {
              await (paused ? api.resume(mailbox) : api.pause(mailbox));
              return {
                kind: 'text',
                text: paused ? 'The mailbox syncs again.' : 'The mailbox is paused: nothing syncs until it is resumed.',
              };
            })
          }
        >
          {paused ? 'Resume' : 'Pause'}
        </Button>
        <ResetDialog
          api={api}
          mailbox={mailbox}
          disabled={busy !== null}
          onDone={(text) => {
            setOutcome({ kind: 'text', text });
            onChanged();
          }}
        />
      </div>
      {busy && <Spinner size="tiny" label={`${busy}...`} />}
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
      <div aria-live="polite">
        {outcome?.kind === 'run' && <RunResult title={outcome.title} summary={outcome.summary} />}
        {outcome?.kind === 'text' && (
          <MessageBar intent="success">
            <MessageBarBody>{outcome.text}</MessageBarBody>
          </MessageBar>
        )}
      </div>
    </section>
  );
}
