/**
 * The pane's language: the string catalogue for Office's display language (English or Spanish), and one date and
 * time format in the person's locale, used everywhere. Components read it with `useI18n()`.
 */
import { createContext, useContext, type ReactNode } from 'react';
import { createI18n, type I18n } from './catalogue';

export { createI18n, languageOf, type I18n, type Lang, type MessageKey } from './catalogue';

const I18nContext = createContext<I18n>(createI18n('en-US'));

export function I18nProvider({ value, children }: { value: I18n; children: ReactNode }) {
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}
