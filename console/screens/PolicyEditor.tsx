// The tenant policy editor: every part of the policy as a field with its meaning; saving sends the whole policy and
// shows the server's validation errors next to their fields and in a summary at the top.
import {
  Button,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Select,
  Spinner,
  Switch,
  tokens,
} from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { ApiError, type FieldError } from '../api';
import type { AdminApi } from '../admin-api';
import { formOf, POLICY_FIELDS, policyOf, type FormValues, type PolicyField } from '../policy-fields';
import { useLoad } from '../use-load';

const useStyles = makeStyles({
  form: { display: 'grid', gap: tokens.spacingVerticalM, maxWidth: '44rem' },
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(20rem, 1fr))', gap: tokens.spacingVerticalM },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS },
});

function FieldInput(props: { field: PolicyField; value: string; onChange: (value: string) => void }) {
  const { field, value, onChange } = props;
  if (field.kind === 'boolean') {
    return <Switch checked={value === 'true'} onChange={(_, data) => onChange(String(data.checked))} />;
  }
  if (field.kind === 'choice') {
    return (
      <Select value={value} onChange={(_, data) => onChange(data.value)}>
        <option value="">Product default</option>
        {field.choices!.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </Select>
    );
  }
  return (
    <Input
      value={value}
      inputMode={field.kind === 'number' ? 'decimal' : undefined}
      onChange={(_, data) => onChange(data.value)}
    />
  );
}

export function PolicyEditor(props: { api: AdminApi; tenantIds: string[]; initialTenantId?: string }) {
  const { api, tenantIds } = props;
  const styles = useStyles();
  const [tenantId, setTenantId] = useState(props.initialTenantId ?? tenantIds[0] ?? '');
  useEffect(() => {
    if (!tenantId && tenantIds[0]) setTenantId(tenantIds[0]);
  }, [tenantId, tenantIds]);
  const loaded = useLoad(async () => (tenantId ? api.policy(tenantId) : undefined), [api, tenantId]);
  const [values, setValues] = useState<FormValues | null>(null);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [message, setMessage] = useState<{ intent: 'success' | 'error'; text: string } | null>(null);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    if (loaded.data) setValues(formOf({ ...loaded.data.effective, ...loaded.data.stored }));
  }, [loaded.data]);

  if (!tenantId)
    return (
      <MessageBar intent="info">
        <MessageBarBody>No tenant has connected yet.</MessageBarBody>
      </MessageBar>
    );
  if (loaded.error) {
    return (
      <MessageBar intent="error">
        <MessageBarBody>The policy could not be loaded: {loaded.error}</MessageBarBody>
      </MessageBar>
    );
  }
  if (!values) return <Spinner label="Loading the policy" />;

  const errorFor = (path: string) =>
    errors.filter((e) => e.field === path || e.field.startsWith(`${path}.`) || path.startsWith(`${e.field}.`));
  const save = async () => {
    setSaving(true);
    setMessage(null);
    setErrors([]);
    try {
      await api.savePolicy(tenantId, policyOf(values));
      setMessage({
        intent: 'success',
        text: 'The policy is saved; the next sync of every mailbox of the tenant uses it.',
      });
      loaded.reload();
    } catch (failure) {
      const fieldErrors = failure instanceof ApiError ? failure.fieldErrors : [];
      setErrors(fieldErrors);
      setMessage({ intent: 'error', text: (failure as Error).message });
    } finally {
      setSaving(false);
    }
  };
  const shown = POLICY_FIELDS.filter((f) => !f.showIf || values[f.showIf.path] === f.showIf.value);
  return (
    <form
      className={styles.form}
      aria-label="Tenant policy"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      {tenantIds.length > 1 && (
        <Field label="Tenant">
          <Select value={tenantId} onChange={(_, data) => setTenantId(data.value)}>
            {tenantIds.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </Select>
        </Field>
      )}
      {message && (
        <MessageBar intent={message.intent} layout="multiline" role={message.intent === 'error' ? 'alert' : 'status'}>
          <MessageBarBody>
            <MessageBarTitle>{message.intent === 'error' ? 'The policy was not saved' : 'Saved'}</MessageBarTitle>{' '}
            {message.text}
            {errors.length > 0 && (
              <ul>
                {errors.map((e) => (
                  <li key={`${e.field}-${e.message}`}>
                    {(POLICY_FIELDS.find((f) => f.path === e.field)?.label ?? e.field) + ': ' + e.message}
                  </li>
                ))}
              </ul>
            )}
          </MessageBarBody>
        </MessageBar>
      )}
      <div className={styles.grid}>
        {shown.map((field) => {
          const fieldErrors = errorFor(field.path);
          return (
            <Field
              key={field.path}
              label={field.label}
              hint={field.hint}
              validationState={fieldErrors.length > 0 ? 'error' : 'none'}
              validationMessage={fieldErrors.map((e) => e.message).join('; ') || undefined}
            >
              <FieldInput
                field={field}
                value={values[field.path] ?? ''}
                onChange={(value) => setValues({ ...values, [field.path]: value })}
              />
            </Field>
          );
        })}
      </div>
      <div className={styles.actions}>
        <Button appearance="primary" type="submit" disabled={saving}>
          Save policy
        </Button>
        <Button
          type="button"
          onClick={() => {
            setErrors([]);
            setMessage(null);
            loaded.reload();
          }}
        >
          Discard changes
        </Button>
      </div>
    </form>
  );
}
