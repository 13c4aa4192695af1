import { createContext, useContext, type ReactNode } from 'react';
import { createTranslator, type Locale, type Translate } from '../i18n';

interface I18n {
  locale: Locale;
  t: Translate;
}

const Ctx = createContext<I18n>({ locale: 'it', t: createTranslator('it') });

export function I18nProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  return <Ctx.Provider value={{ locale, t: createTranslator(locale) }}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  return useContext(Ctx);
}
