// Per-field conflict resolution: for each field both sides changed, show both values and let the person choose.
import { Button, Card, Radio, RadioGroup, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import type { ConflictSide, FieldConflict } from '../../../contract/addin-api';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  field: { border: 'none', margin: 0, padding: 0, minWidth: 0 },
  value: { wordBreak: 'break-word' },
});

export interface ConflictResolverProps {
  conflicts: FieldConflict[];
  erpName: string;
  busy: boolean;
  onResolve(choices: Record<string, ConflictSide>): void;
}

export function ConflictResolver({ conflicts, erpName, busy, onResolve }: ConflictResolverProps) {
  const styles = useStyles();
  const [choices, setChoices] = useState<Record<string, ConflictSide>>({});
  const complete = conflicts.every((c) => choices[c.field]);
  return (
    <Card aria-label="Resolve conflicts">
      <div className={styles.root}>
        <Text weight="semibold">Changed in both places: choose what to keep</Text>
        {conflicts.map((c) => (
          <fieldset key={c.field} className={styles.field}>
            <legend>
              <Text weight="semibold">{c.label}</Text>
            </legend>
            <RadioGroup
              value={choices[c.field] ?? ''}
              onChange={(_, data) => setChoices((prev) => ({ ...prev, [c.field]: data.value as ConflictSide }))}
            >
              <Radio value="outlook" label={<span className={styles.value}>Outlook: {c.outlookValue}</span>} />
              <Radio
                value="erp"
                label={
                  <span className={styles.value}>
                    {erpName}: {c.erpValue}
                  </span>
                }
              />
            </RadioGroup>
          </fieldset>
        ))}
        <Button appearance="primary" disabled={busy || !complete} onClick={() => onResolve(choices)}>
          Apply choices
        </Button>
      </div>
    </Card>
  );
}
