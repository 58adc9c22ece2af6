// Reset a mailbox in two steps: choose what happens to the events already synced and what syncs next, preview
// exactly what would be deleted, then confirm (the preview's token). Changing a choice drops the preview.
import {
  Button,
  Checkbox,
  Field,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Select,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import type { AdminApi, Mailbox, ResetExisting, ResetPreview, ResetThen } from '../admin-api';
import { when } from '../use-load';
import { ModalDialog } from './ModalDialog';

const EXISTING: Array<{ value: ResetExisting; label: string }> = [
  { value: 'leave', label: 'Leave them on both sides' },
  { value: 'deleteOutlook', label: 'Delete them in Outlook' },
  { value: 'deleteErp', label: 'Delete them in the ERP' },
  { value: 'deleteBoth', label: 'Delete them on both sides' },
];
const THEN: Array<{ value: ResetThen; label: string }> = [
  { value: 'all', label: 'Sync everything again (matched by title and time: nothing duplicates)' },
  { value: 'newOnly', label: 'Sync only what changes from now on' },
];

const useStyles = makeStyles({
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL, maxHeight: '12rem', overflowY: 'auto' },
});

const SIDE = { outlook: 'Outlook', erp: 'the ERP' } as const;

function Items({ preview }: { preview: ResetPreview }) {
  const styles = useStyles();
  const deleting = preview.items.filter((i) => i.deletes.length > 0);
  if (deleting.length === 0) return null;
  return (
    <ul className={styles.list} aria-label="Events the reset deletes">
      {deleting.map((i) => (
        <li key={i.mappingId}>
          {i.title ?? i.mappingId}
          {i.start ? `, ${when(i.start)}` : ''}: deleted in {i.deletes.map((d) => SIDE[d.side]).join(' and ')}
        </li>
      ))}
    </ul>
  );
}

export function ResetDialog(props: {
  api: AdminApi;
  mailbox: Mailbox;
  disabled: boolean;
  onDone: (text: string) => void;
}) {
  const [open, setOpen] = useState(false);
  const [existing, setExisting] = useState<ResetExisting>('leave');
  const [then, setThen] = useState<ResetThen>('all');
  const [preview, setPreview] = useState<ResetPreview | null>(null);
  const [understood, setUnderstood] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const clear = () => {
    setPreview(null);
    setUnderstood(false);
    setError(null);
  };
  const run = async (step: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await step();
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const deletions = preview ? preview.counts.deleteOutlook + preview.counts.deleteErp : 0;
  return (
    <>
      <Button disabled={props.disabled} onClick={() => setOpen(true)}>
        Reset...
      </Button>
      <ModalDialog
        open={open}
        onClose={() => {
          setOpen(false);
          clear();
        }}
        title={`Reset ${props.mailbox.upn}`}
        actions={
          <>
            {!preview ? (
              <Button
                appearance="primary"
                disabled={busy}
                onClick={() =>
                  void run(async () => setPreview(await props.api.resetPreview(props.mailbox, existing, then)))
                }
              >
                Preview
              </Button>
            ) : (
              <Button
                appearance="primary"
                disabled={busy || !understood}
                onClick={() =>
                  void run(async () => {
                    const answer = await props.api.reset(props.mailbox, preview);
                    const deleted = answer.reset.deleted.outlook + answer.reset.deleted.erp;
                    setOpen(false);
                    clear();
                    props.onDone(
                      `${props.mailbox.upn} was reset: ${answer.reset.mappingsRemoved} pairings forgotten, ${deleted} events deleted; ` +
                        (then === 'all' ? 'the next sync matches everything again.' : 'only new changes sync.'),
                    );
                  })
                }
              >
                Reset now
              </Button>
            )}
            <Button
              onClick={() => {
                setOpen(false);
                clear();
              }}
            >
              Cancel
            </Button>
          </>
        }
      >
        <Text as="p">
          A reset forgets every pairing of this mailbox. Preview it first: the list shows exactly what it deletes.
        </Text>
        <Field label="Events already synced">
          <Select
            value={existing}
            onChange={(_, data) => {
              setExisting(data.value as ResetExisting);
              clear();
            }}
          >
            {EXISTING.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Then">
          <Select
            value={then}
            onChange={(_, data) => {
              setThen(data.value as ResetThen);
              clear();
            }}
          >
            {THEN.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </Select>
        </Field>
        {preview && (
          <section aria-label="Reset preview" aria-live="polite">
            <Text as="p" weight="semibold">
              {deletions === 0
                ? 'Nothing is deleted.'
                : `This reset deletes ${preview.counts.deleteOutlook} event${preview.counts.deleteOutlook === 1 ? '' : 's'} in Outlook and ${preview.counts.deleteErp} in the ERP:`}
            </Text>
            <Items preview={preview} />
            <Text as="p">
              It forgets {preview.counts.forgetPairings} pairing{preview.counts.forgetPairings === 1 ? '' : 's'} and{' '}
              {preview.counts.forgetLinks} link{preview.counts.forgetLinks === 1 ? '' : 's'} to ERP records. The preview
              is valid until {when(preview.expiresAt)}.
            </Text>
            <Checkbox
              checked={understood}
              onChange={(_, data) => setUnderstood(data.checked === true)}
              label={
                deletions === 0
                  ? 'I understand the mailbox starts over'
                  : `I understand these ${deletions} events are deleted and cannot be restored`
              }
            />
          </section>
        )}
        {error && (
          <MessageBar intent="error">
            <MessageBarBody>{error}</MessageBarBody>
          </MessageBar>
        )}
      </ModalDialog>
    </>
  );
}
