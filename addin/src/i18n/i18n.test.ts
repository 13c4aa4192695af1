import { describe, expect, it as test } from 'vitest';
import { getSheet } from '@piao/shared/schema/index';
import { createTranslator, pickLocale, schemaLabel, uiLanguage, type Catalogue } from './index';
import { it } from './messages-it';
import { en } from './messages-en';

describe('pickLocale', () => {
  test('is Italian for any Italian region and English for every other language', () => {
    expect(pickLocale('it-IT')).toBe('it');
    expect(pickLocale('it-CH')).toBe('it');
    expect(pickLocale('IT')).toBe('it');
    expect(pickLocale('en-US')).toBe('en');
    expect(pickLocale('de-DE')).toBe('en');
    expect(pickLocale('fr')).toBe('en');
  });

  test('keeps Italian when no language is known', () => {
    expect(pickLocale(undefined)).toBe('it');
    expect(pickLocale('')).toBe('it');
  });

  test('prefers Office’s display language to the browser’s', () => {
    expect(pickLocale(uiLanguage('en-GB', 'it-IT'))).toBe('en');
    expect(pickLocale(uiLanguage(undefined, 'it-IT'))).toBe('it');
    expect(pickLocale(uiLanguage('', 'de-DE'))).toBe('en');
  });
});

describe('createTranslator', () => {
  test('gives the badge texts the end-to-end tests and users rely on', () => {
    const t = createTranslator('it');
    expect(t('sync.saved')).toBe('Salvato sul server');
    expect(t('sync.syncing')).toBe('Sincronizzazione…');
    expect(t('sync.offline')).toBe('Offline');
    expect(createTranslator('en')('sync.saved')).toBe('Saved on server');
  });

  test('fills parameters and leaves unknown ones visible', () => {
    const t = createTranslator('it');
    expect(t('signin.signedAs', { name: 'Anna Rossi', role: 'coordinatore' })).toBe('Accesso come Anna Rossi (coordinatore)');
    expect(t('sheets.issues', { errors: 2 })).toBe('2 errori, {warnings} avvisi');
  });

  test('falls back to Italian for a text the English table lacks, then to the key', () => {
    const partial: Catalogue = { 'sync.offline': 'Offline (en)' };
    const t = createTranslator('en', { it: { 'sync.saved': 'Salvato sul server' }, en: partial });
    expect(t('sync.offline')).toBe('Offline (en)');
    expect(t('sync.saved')).toBe('Salvato sul server');
    expect(t('files.export')).toBe('files.export');
  });

  test('has an English text for every Italian one, with the same placeholders', () => {
    for (const key of Object.keys(it) as Array<keyof typeof it>) {
      const e = en[key];
      expect(e, key).toBeTypeOf('string');
      const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(names(e!), key).toEqual(names(it[key]));
    }
  });

  test('uses the schema’s own labels for sheets', () => {
    const sheet = getSheet('obiettivi');
    expect(schemaLabel(sheet, 'it')).toBe(sheet.label);
    expect(schemaLabel(sheet, 'en')).toBe(sheet.labelEn);
  });
});
