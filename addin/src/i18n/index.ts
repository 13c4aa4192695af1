import { en } from './messages-en';
import { it, type MessageKey } from './messages-it';

export type { MessageKey } from './messages-it';
export type Locale = 'it' | 'en';
export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;
export type Catalogue = Partial<Record<MessageKey, string>>;

const CATALOGUES: Record<Locale, Catalogue> = { it, en };

/**
 * The pane speaks Italian when the UI language is Italian (any region) and English otherwise; with no
 * language at all it keeps the product's Italian.
 */
export function pickLocale(language: string | null | undefined): Locale {
  if (!language) return 'it';
  const primary = language.trim().toLowerCase().split(/[-_]/)[0];
  if (!primary) return 'it';
  return primary === 'it' ? 'it' : 'en';
}

/** Office's UI language inside Excel, the browser's outside it. */
export function uiLanguage(officeDisplayLanguage: string | null | undefined, navigatorLanguage: string | null | undefined): string | null {
  return officeDisplayLanguage || navigatorLanguage || null;
}

function interpolate(text: string, params: Params | undefined): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** A translator for one locale: the locale's text, else the Italian one, else the key itself. */
export function createTranslator(locale: Locale, catalogues: Record<Locale, Catalogue> = CATALOGUES): Translate {
  const table = catalogues[locale];
  const fallback = catalogues.it;
  return (key, params) => interpolate(table[key] ?? fallback[key] ?? key, params);
}

/** Label of a sheet or column from the schema, in the pane's locale. */
export function schemaLabel(def: { label: string; labelEn: string }, locale: Locale): string {
  return locale === 'en' ? def.labelEn : def.label;
}
