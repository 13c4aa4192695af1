import type { RowValues } from './types';

/**
 * The standard catalogue a new plan's 2.3 Trasparenza is pre-filled with: a REPRESENTATIVE SUBSET of
 * ANAC delibera n. 1310 del 28/12/2016, Allegato 1 ("Sezione Amministrazione trasparente – Elenco degli
 * obblighi di pubblicazione"), as updated by ANAC delibera n. 264/2023 (bandi di gara). The full list
 * (about 250 rows) was not available offline when this was written: these are the obligations every
 * comune has, transcribed by hand with their legal basis and update frequency; the coordinator adds
 * the rest from the ANAC table. `perSettore`: the obligation concerns the acts of every sector, so each
 * sector of 3.1 Settori should have its own row (TRASP_SECTOR).
 */
export interface CatalogueEntry {
  readonly values: RowValues;
  readonly perSettore: boolean;
}

const e = (s1: string, s2: string, riferimento: string, obbligo: string, aggiornamento: string, perSettore = false): CatalogueEntry => ({
  values: { sottosezione_1: s1, sottosezione_2: s2, riferimento, obbligo, aggiornamento },
  perSettore,
});

export const TRASPARENZA_FONTE = 'ANAC, delibera n. 1310/2016, Allegato 1 (sottoinsieme rappresentativo)';

export const TRASPARENZA_CATALOGO: readonly CatalogueEntry[] = [
  e('Disposizioni generali', 'Piano triennale per la prevenzione della corruzione e della trasparenza', 'Art. 10 c. 8 lett. a) D.Lgs. 33/2013', 'PIAO - sottosezione Rischi corruttivi e trasparenza', 'Annuale'),
  e('Disposizioni generali', 'Atti generali', 'Art. 12 c. 1 D.Lgs. 33/2013', 'Atti amministrativi generali', 'Tempestivo'),
  e('Organizzazione', 'Titolari di incarichi politici, di amministrazione, di direzione o di governo', 'Art. 14 c. 1 D.Lgs. 33/2013', 'Atto di nomina, curriculum, compensi, dichiarazioni', 'Tempestivo'),
  e('Organizzazione', 'Articolazione degli uffici', 'Art. 13 c. 1 lett. b) e c) D.Lgs. 33/2013', 'Organigramma e competenze degli uffici', 'Tempestivo'),
  e('Consulenti e collaboratori', 'Titolari di incarichi di collaborazione o consulenza', 'Art. 15 c. 2 D.Lgs. 33/2013', 'Estremi degli atti di conferimento, curriculum, compensi', 'Tempestivo', true),
  e('Personale', 'Titolari di incarichi dirigenziali', 'Art. 14 c. 1-bis D.Lgs. 33/2013', 'Atto di conferimento, curriculum, compensi', 'Tempestivo'),
  e('Personale', 'Tassi di assenza', 'Art. 16 c. 3 D.Lgs. 33/2013', 'Tassi di assenza trimestrali', 'Trimestrale'),
  e('Performance', 'Piano della performance', 'Art. 10 c. 8 lett. b) D.Lgs. 33/2013', 'PIAO - sottosezione Performance', 'Tempestivo'),
  e('Performance', 'Ammontare complessivo dei premi', 'Art. 20 c. 1 D.Lgs. 33/2013', 'Premi stanziati e distribuiti', 'Tempestivo'),
  e('Attività e procedimenti', 'Tipologie di procedimento', 'Art. 35 c. 1 D.Lgs. 33/2013', 'Schede dei procedimenti', 'Tempestivo', true),
  e('Provvedimenti', 'Provvedimenti dirigenti amministrativi', 'Art. 23 D.Lgs. 33/2013', 'Elenco dei provvedimenti', 'Semestrale', true),
  e('Bandi di gara e contratti', 'Atti delle amministrazioni aggiudicatrici', 'Art. 37 D.Lgs. 33/2013; art. 28 D.Lgs. 36/2023', 'Atti relativi alle procedure di affidamento', 'Tempestivo', true),
  e('Sovvenzioni, contributi, sussidi, vantaggi economici', 'Atti di concessione', 'Artt. 26-27 D.Lgs. 33/2013', 'Atti di concessione superiori a 1.000 euro', 'Tempestivo', true),
  e('Bilanci', 'Bilancio preventivo e consuntivo', 'Art. 29 c. 1 D.Lgs. 33/2013', 'Bilancio di previsione e rendiconto', 'Tempestivo'),
  e('Pagamenti dell\'amministrazione', 'Indicatore di tempestività dei pagamenti', 'Art. 33 D.Lgs. 33/2013', 'Indicatore trimestrale e annuale', 'Trimestrale'),
  e('Opere pubbliche', 'Atti di programmazione delle opere pubbliche', 'Art. 38 c. 2 e 2-bis D.Lgs. 33/2013', 'Programma triennale dei lavori pubblici', 'Tempestivo'),
  e('Pianificazione e governo del territorio', 'Pianificazione e governo del territorio', 'Art. 39 D.Lgs. 33/2013', 'Piani territoriali e urbanistici e loro varianti', 'Tempestivo'),
  e('Altri contenuti', 'Accesso civico', 'Art. 5 D.Lgs. 33/2013', 'Registro degli accessi e modalità di esercizio', 'Semestrale'),
];

/**
 * The rows a new plan's 2.3 Trasparenza starts from: the catalogue, one row per obligation (the
 * per-sector ones once, for the coordinator to copy per sector), every obligation applicable until
 * someone says otherwise. For whoever creates plans (the server's POST /api/plans).
 */
export function trasparenzaIniziale(): RowValues[] {
  return TRASPARENZA_CATALOGO.map((e) => ({ ...e.values }));
}
