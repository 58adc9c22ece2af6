// "Private appointments": the ERP (Odoo) shows a person's private appointments to nobody else, so they sync only
// with the person's own ERP API key, entered once here; under the tenant's `paneRights: personKey` the pane's ERP
// search and links act with it too ("Your Odoo key"). Says whether it is linked, refused or missing; never shows
// a key back. Hidden when the ERP needs no key (REST contract).
import { Button, Card, Field, Input, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useCallback, useEffect, useState } from 'react';
import type { PrivateKeyResponse } from '../../../contract/addin-api';
import { ApiProblem } from '../../api/client';
import type { PaneDeps } from '../deps';
import { describeError } from '../errors';
import { useI18n, type I18n } from '../i18n';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minWidth: 0 },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
});

export interface PrivateKeyCardProps {
  deps: PaneDeps;
  erpName: string;
  /** The key's state changed: the mailbox's conditions may have too. */
  onChanged(): void;
}

type State = PrivateKeyResponse['state'];

/** A refused key in the person's words: the backend's `reason` says which refusal it was. */
function refusalWords(error: unknown, i18n: I18n, erp: string): string {
  const reason = error instanceof ApiProblem ? error.problem.reason : undefined;
  if (reason === 'key_refused') return i18n.t('privateKey.refused', { erp });
  if (reason === 'key_of_someone_else') return i18n.t('privateKey.someoneElse', { erp });
  return describeError(error, i18n, erp);
}

export function PrivateKeyCard({ deps, erpName, onChanged }: PrivateKeyCardProps) {
  const styles = useStyles();
  const i18n = useI18n();
  const { t } = i18n;
  const [state, setState] = useState<State | null>(null);
  // The tenant's paneRights makes this key the pane's ERP key too: the card says so.
  const [forPane, setForPane] = useState(false);
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let cancelled = false;
    deps.api.privateKey().then(
      (answer) => {
        if (cancelled) return;
        setState(answer.state);
        setForPane(answer.forPane === true);
      },
      (e: unknown) => !cancelled && setError(describeError(e, i18n, erpName)),
    );
    return () => {
      cancelled = true;
    };
  }, [deps, i18n, erpName]);

  const act = useCallback(
    async (work: () => Promise<PrivateKeyResponse>) => {
      if (busy) return;
      setBusy(true);
      setError(null);
      try {
        const answer = await work();
        setState(answer.state);
        if (answer.forPane !== undefined) setForPane(answer.forPane);
        setKey('');
        onChanged();
      } catch (e) {
        setError(refusalWords(e, i18n, erpName));
      } finally {
        setBusy(false);
      }
    },
    [busy, i18n, erpName, onChanged],
  );

  if (state === null || state === 'not_needed') {
    return error ? <Text size={200}>{t('privateKey.unavailable', { reason: error })}</Text> : null;
  }
  const title = forPane ? t('privateKey.titlePane', { erp: erpName }) : t('privateKey.title');
  return (
    <Card aria-label={title}>
      <Text as="h2" size={300} weight="semibold">
        {title}
      </Text>
      {state === 'linked' ? (
        <>
          <Text size={200}>{t(forPane ? 'privateKey.linkedPane' : 'privateKey.linked', { erp: erpName })}</Text>
          {error && (
            <Text size={200} role="alert">
              {error}
            </Text>
          )}
          <div className={styles.actions}>
            <Button size="small" disabled={busy} onClick={() => void act(() => deps.api.unlinkPrivateKey())}>
              {t('privateKey.remove')}
            </Button>
          </div>
        </>
      ) : (
        <form
          className={styles.form}
          onSubmit={(e) => {
            e.preventDefault();
            const entered = key.trim();
            if (entered) void act(() => deps.api.linkPrivateKey(entered));
          }}
        >
          <Text size={200}>
            {state === 'refused'
              ? t('privateKey.wasRefused', { erp: erpName })
              : t(forPane ? 'privateKey.whyPane' : 'privateKey.why', { erp: erpName })}
          </Text>
          <Text size={200}>{t('privateKey.how', { erp: erpName })}</Text>
          <Field
            label={t('privateKey.label', { erp: erpName })}
            validationState={error ? 'error' : 'none'}
            validationMessage={error ?? undefined}
          >
            <Input
              type="password"
              autoComplete="off"
              value={key}
              disabled={busy}
              onChange={(_, data) => setKey(data.value)}
            />
          </Field>
          <div className={styles.actions}>
            <Button type="submit" appearance="primary" size="small" disabled={busy || key.trim() === ''}>
              {t('privateKey.link')}
            </Button>
          </div>
        </form>
      )}
    </Card>
  );
}
