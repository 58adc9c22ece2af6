// Per-field conflict resolution: for each field both sides changed, show both values and let the person choose.
import { Button, Card, Radio, RadioGroup, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import type { ConflictNote, ConflictSide, FieldConflict } from '../../../contract/addin-api';
import { fieldLabel, formatValue } from '../format-value';
import { useI18n, type I18n } from '../i18n';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  field: { border: 'none', margin: 0, padding: 0, minWidth: 0 },
  value: { wordBreak: 'break-word' },
  note: { display: 'block', marginTop: tokens.spacingVerticalXS },
});

/** What choosing a side cannot do, in plain words (said before the person chooses). */
function noteText(i18n: I18n, note: ConflictNote, erp: string): string {
  const dates = i18n.list(
    note.starts.map((start) => (start.length === 10 ? i18n.date(start) : i18n.dateTime(start, note.timeZone))),
  );
  return i18n.t(note.unlessErpTimes ? 'conflict.cancelledInOutlookUnlessTimes' : 'conflict.cancelledInOutlook', {
    erp,
    dates,
  });
}

export interface ConflictResolverProps {
  conflicts: FieldConflict[];
  erpName: string;
  onResolve(choices: Record<string, ConflictSide>): void;
}

export function ConflictResolver({ conflicts, erpName, onResolve }: ConflictResolverProps) {
  const styles = useStyles();
  const i18n = useI18n();
  const { t } = i18n;
  const [choices, setChoices] = useState<Record<string, ConflictSide>>({});
  const complete = conflicts.every((c) => choices[c.field]);
  return (
    <Card aria-label={t('conflict.title')}>
      <div className={styles.root}>
        <Text weight="semibold">{t('conflict.title')}</Text>
        {conflicts.map((c) => (
          <fieldset key={c.field} className={styles.field}>
            <legend>
              <Text weight="semibold">{fieldLabel(i18n, c.field)}</Text>
            </legend>
            <RadioGroup
              value={choices[c.field] ?? ''}
              onChange={(_, data) => setChoices((prev) => ({ ...prev, [c.field]: data.value as ConflictSide }))}
            >
              <Radio
                value="outlook"
                label={
                  <span className={styles.value}>
                    {t('conflict.outlook', { value: formatValue(i18n, c.outlookValue) })}
                  </span>
                }
              />
              <Radio
                value="erp"
                label={
                  <span className={styles.value}>
                    {t('conflict.erp', { erp: erpName, value: formatValue(i18n, c.erpValue) })}
                  </span>
                }
              />
            </RadioGroup>
            {c.note && (
              <Text size={200} className={styles.note}>
                {noteText(i18n, c.note, erpName)}
              </Text>
            )}
          </fieldset>
        ))}
        <Button appearance="primary" disabledFocusable={!complete} onClick={() => complete && onResolve(choices)}>
          {t('conflict.apply')}
        </Button>
      </div>
    </Card>
  );
}
