// A conflict's FieldValue in the person's words and locale (dates in the pane's one format). Pure.
import type { FieldValue } from '../../contract/addin-api';
import type { I18n, MessageKey } from './i18n';

const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

function fieldName(i18n: I18n, field: string): string {
  const key = `field.${field}` as MessageKey;
  return i18n.t(key) === key ? field : i18n.t(key);
}

export function fieldLabel(i18n: I18n, field: string): string {
  return fieldName(i18n, field);
}

/** A weekday code (MO..SU) as the locale's short weekday name (1 Jan 2024 was a Monday). */
function weekday(i18n: I18n, code: string): string {
  const index = WEEKDAYS.indexOf(code.replace(/^[+-]?\d+/, ''));
  if (index < 0) return code;
  return new Intl.DateTimeFormat(i18n.locale, { weekday: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(2024, 0, 1 + index)),
  );
}

/** An RRULE in words for the common parts (frequency, interval, days, count, until). */
export function ruleWords(i18n: I18n, rrule: string): string {
  const parts = new Map(
    rrule
      .replace(/^RRULE:/, '')
      .split(';')
      .map((p) => p.split('=') as [string, string]),
  );
  const freq = parts.get('FREQ') ?? '';
  const interval = Number(parts.get('INTERVAL') ?? '1');
  const every = `value.repeat.${freq}` as MessageKey;
  if (i18n.t(every) === every) return rrule;
  let rule =
    interval > 1
      ? i18n.t('value.repeat.every', { interval, unit: i18n.t(`value.repeat.unit.${freq}` as MessageKey) })
      : i18n.t(every);
  const days = parts.get('BYDAY');
  if (days) rule = i18n.t('value.repeat.on', { rule, days: i18n.list(days.split(',').map((d) => weekday(i18n, d))) });
  const count = parts.get('COUNT');
  const until = parts.get('UNTIL');
  if (count) rule = i18n.t('value.repeat.count', { rule, count });
  else if (until) {
    const date = `${until.slice(0, 4)}-${until.slice(4, 6)}-${until.slice(6, 8)}`;
    rule = i18n.t('value.repeat.until', { rule, date: i18n.date(date) });
  }
  return rule;
}

function lastDay(endDate: string): string {
  return new Date(Date.parse(`${endDate}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

export function formatValue(i18n: I18n, value: FieldValue): string {
  switch (value.kind) {
    case 'empty':
      return i18n.t('value.empty');
    case 'text':
      return value.text;
    case 'timed': {
      const sameDay = value.start.slice(0, 10) === value.end.slice(0, 10);
      const end = sameDay ? i18n.time(value.end, value.timeZone) : i18n.dateTime(value.end, value.timeZone);
      return `${i18n.dateTime(value.start, value.timeZone)} – ${end} (${value.timeZone})`;
    }
    case 'allDay': {
      const last = lastDay(value.endDate);
      const dates =
        last > value.startDate ? `${i18n.date(value.startDate)} – ${i18n.date(last)}` : i18n.date(value.startDate);
      return i18n.t('value.allDay', { dates });
    }
    case 'option': {
      const key = `option.${value.option}` as MessageKey;
      return i18n.t(key) === key ? value.option : i18n.t(key);
    }
    case 'minutes':
      return value.minutes === null ? i18n.t('value.noReminder') : i18n.t('value.minutes', { minutes: value.minutes });
    case 'recurrence':
      return value.rrule === null ? i18n.t('value.noRepeat') : ruleWords(i18n, value.rrule);
    case 'deleted':
      return i18n.t('value.deleted');
    case 'changed':
      return i18n.t('value.changed', { fields: i18n.list(value.fields.map((f) => fieldName(i18n, f))) });
  }
}
