// ERP connection test: signs in to the ERP as the integration user and checks its rights, answering in plain words;
// below it, the credentials the sync depends on and when they expire or last worked.
import {
  Button,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import type { AdminApi, ErpTestResult } from '../admin-api';
import { CredentialsTable } from './CredentialsTable';

const useStyles = makeStyles({ wrap: { display: 'grid', gap: tokens.spacingVerticalM, maxWidth: '44rem' } });

export function ErpConnection({ api }: { api: AdminApi }) {
  const styles = useStyles();
  const [result, setResult] = useState<ErpTestResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const test = async () => {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(await api.testErp());
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className={styles.wrap}>
      <Text as="p">
        Tests the connection the sync uses: the ERP answers, the integration user signs in, and it has the rights to
        read and write calendar events.
      </Text>
      <div>
        <Button appearance="primary" disabled={busy} onClick={() => void test()}>
          Test the ERP connection
        </Button>
      </div>
      {busy && <Spinner size="tiny" label="Testing..." />}
      <div aria-live="polite">
        {result && (
          <MessageBar intent={result.ok ? 'success' : 'error'} layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>{result.ok ? 'The ERP connection works' : 'The ERP connection fails'}</MessageBarTitle>{' '}
              {result.ok
                ? `${result.erp} ${result.version ?? ''} answered in ${result.elapsedMs} ms${result.protocol ? ` over ${result.protocol}` : ''}.`
                : (result.error?.message ?? 'No reason was given.')}
              {(result.warnings?.length ?? 0) > 0 && (
                <ul>
                  {result.warnings!.map((w) => (
                    <li key={w}>{w}</li>
                  ))}
                </ul>
              )}
            </MessageBarBody>
          </MessageBar>
        )}
        {error && (
          <MessageBar intent="error">
            <MessageBarBody>The test could not run: {error}</MessageBarBody>
          </MessageBar>
        )}
      </div>
      <Text as="h2" size={400} weight="semibold">
        Credentials
      </Text>
      <CredentialsTable api={api} />
    </div>
  );
}
