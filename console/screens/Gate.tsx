// The pages before the console: sign in, "you need the role", and start failures.
import { Button, makeStyles, MessageBar, MessageBarBody, Text, Title1, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  page: { maxWidth: '40rem', margin: '4rem auto', padding: '0 1rem', display: 'grid', gap: tokens.spacingVerticalL },
});

export function SignIn({ onSignIn }: { onSignIn: () => void }) {
  const styles = useStyles();
  return (
    <main className={styles.page}>
      <Title1 as="h1">ERP Sync admin console</Title1>
      <Text as="p">Sign in with your work account. The console is for people with the Sync.Admin role.</Text>
      <div>
        <Button appearance="primary" onClick={onSignIn}>
          Sign in with Microsoft
        </Button>
      </div>
    </main>
  );
}

export function NeedsRole({ role, who, onSignOut }: { role: string; who: string; onSignOut: () => void }) {
  const styles = useStyles();
  return (
    <main className={styles.page}>
      <Title1 as="h1">You need the {role} role</Title1>
      <Text as="p">
        You are signed in as {who}, but your account does not have the {role} app role of ERP Sync. Ask an administrator
        of your organization to assign it to you (Microsoft Entra admin center, Enterprise applications, ERP Sync, Users
        and groups), then sign in again.
      </Text>
      <div>
        <Button onClick={onSignOut}>Sign out</Button>
      </div>
    </main>
  );
}

export function StartFailed({ reason }: { reason: string }) {
  const styles = useStyles();
  return (
    <main className={styles.page}>
      <Title1 as="h1">ERP Sync admin console</Title1>
      <MessageBar intent="error">
        <MessageBarBody>The console could not start: {reason}</MessageBarBody>
      </MessageBar>
    </main>
  );
}
