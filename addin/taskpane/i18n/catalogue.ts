/**
 * The pane's words without React: the string catalogue for Office's display language (English or Spanish), and one
 * date and time format in the person's locale. index.tsx hands it to components; test suites read it directly.
 */
import { en, type MessageKey } from './en';
import { es } from './es';

export type { MessageKey };
export type Lang = 'en' | 'es';
type Params = Record<string, string | number>;

const CATALOGUES: Record<Lang, Record<MessageKey, string>> = { en, es };

export interface I18n {
  lang: Lang;
  /** The BCP 47 locale Office reports (e.g. es-ES), for dates and lists. */
  locale: string;
  t(key: MessageKey, params?: Params): string;
  /** The one date-and-time format of the pane, e.g. "3 Dec 2026, 14:05" / "3 dic 2026, 14:05". */
  dateTime(iso: string, timeZone?: string): string;
  time(iso: string, timeZone?: string): string;
  /** A calendar date (YYYY-MM-DD) in the same style. */
  date(isoDate: string): string;
  list(items: readonly string[]): string;
}

/** Spanish for any es-* display language, English otherwise. */
export function languageOf(displayLanguage: string | null | undefined): Lang {
  return (displayLanguage ?? '').toLowerCase().startsWith('es') ? 'es' : 'en';
}

function usableLocale(locale: string | null | undefined, lang: Lang): string {
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([locale ?? ''])[0] ?? (lang === 'es' ? 'es-ES' : 'en-US');
  } catch (error) {
    if (error instanceof RangeError) return lang === 'es' ? 'es-ES' : 'en-US';
    throw error;
  }
}

function usableZone(zone: string | undefined): string | undefined {
  if (!zone) return undefined;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch (error) {
    if (error instanceof RangeError) return 'UTC';
    throw error;
  }
}

export function createI18n(displayLanguage: string | null | undefined): I18n {
  const lang = languageOf(displayLanguage);
  const locale = usableLocale(displayLanguage, lang);
  const catalogue = CATALOGUES[lang];
  const fill = (text: string, params: Params = {}) =>
    text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
  return {
    lang,
    locale,
    t: (key, params) => fill(catalogue[key] ?? key, params),
    dateTime: (iso, timeZone) =>
      new Intl.DateTimeFormat(locale, {
        dateStyle: 'medium',
        timeStyle: 'short',
        timeZone: usableZone(timeZone),
      }).format(new Date(iso)),
    time: (iso, timeZone) =>
      new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone: usableZone(timeZone) }).format(new Date(iso)),
    date: (isoDate) =>
      new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(
        new Date(`${isoDate}T00:00:00Z`),
      ),
    list: (items) => new Intl.ListFormat(locale, { type: 'conjunction' }).format(items),
  };
}
