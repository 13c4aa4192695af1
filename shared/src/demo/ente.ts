import { CATEGORIE_EX, sogliaPerPopolazione, sogliaRientroPerPopolazione } from '../schema/enums';
import type { CapacitaRecord, DotazioneRow, EnteRecord, ImpostazioniRecord } from '../schema/row-types';

/**
 * Example population: the seed does not give it. ~32,000 inhabitants puts the comune in the
 * 10,000–59,999 band of DM 17/03/2020, Tabella 1 (soglia 27.0%).
 */
export const DEMO_POPOLAZIONE = 32000;

/**
 * Sezione 1 — Scheda anagrafica, from the seed's table (address, PEC, P.IVA/C.F., site) and its §3.1.2
 * (200 employees at 31.12.2022). The seed names no RPCT: in a comune it is normally the Segretario
 * generale (art. 1 c. 7 L. 190/2012), and the seed says anticorruption runs "sotto la guida del
 * Segretario Generale", so the role is given, not a name. The act adopting this PIAO is not in the
 * seed either, so estremi_approvazione and data_approvazione stay empty for the coordinator to fill.
 */
export const DEMO_ENTE: EnteRecord = {
  denominazione: 'Comune di Casale Monferrato',
  codice_fiscale: '00172340069',
  indirizzo: 'Via Goffredo Mameli, 10 – 15033 Casale Monferrato (AL)',
  pec: 'protocollo@pec.comune.casale-monferrato.al.it',
  sito_web: 'https://www.comune.casale-monferrato.al.it',
  popolazione: DEMO_POPOLAZIONE,
  dipendenti_31_12: 200,
  triennio: '2022-2024',
  rpct: 'Segretario Generale',
  // Example: the date the 2022 monitoring (4 Monitoraggio) refers to.
  data_monitoraggio: '2023-01-31',
  // The seed: the 2022 courses "hanno visto la partecipazione di n. 46 dipendenti" — people, not participations.
  dipendenti_formati: 46,
  note: 'Popolazione: valore di ESEMPIO (il seed non la riporta). Data di riferimento del monitoraggio: ESEMPIO. Gli altri dati sono del PIAO 2022-2024 del Comune.',
};

/**
 * Sezione 3.1.2 — personnel at 31.12.2022. The seed: "Dotazione organica al 31.12.2022 comprensiva dei
 * Dirigenti (n.4) e del Segretario Generale (n.1). Dipendenti n. 200: 86 uomini, 114 donne", then
 * A 2, B 33, C 98, D 62 = 195. So the 200 include the 5 heads, and 195 + 4 + 1 = 200: the totals
 * here are the seed's exactly. The split by sex within each area is NOT in the seed; it is an example
 * chosen to sum to 86 men and 114 women (and to match the example heads in sectors.ts: the Segretario
 * is a man, the four Dirigenti two men and two women).
 */
const SPLIT: ReadonlyArray<{ cat: keyof typeof CATEGORIE_EX; uomini: number; donne: number }> = [
  { cat: 'A', uomini: 1, donne: 1 },
  // B: women below one third (10 of 33), so PAP_GENDER fires once in the demo (the split is an example).
  { cat: 'B', uomini: 23, donne: 10 },
  { cat: 'C', uomini: 34, donne: 64 },
  { cat: 'D', uomini: 25, donne: 37 },
];

const SPLIT_NOTE = 'Totale dal seed; ripartizione uomini/donne di ESEMPIO';

export const DEMO_DOTAZIONE: readonly DotazioneRow[] = [
  ...SPLIT.map(({ cat, uomini, donne }): DotazioneRow => ({ area: CATEGORIE_EX[cat], categoria_ex: cat, uomini, donne, fonte: SPLIT_NOTE })),
  { area: 'Dirigenti', uomini: 2, donne: 2, fonte: SPLIT_NOTE },
  { area: 'Segretario', uomini: 1, donne: 0, fonte: SPLIT_NOTE },
];

/**
 * Sezione 3.3 — hiring capacity. Example figures (the seed cites DM 17/03/2020 but gives no amounts):
 * 8.9 M€ personnel expense over 38.5 M€ average current revenue net of 1.9 M€ FCDE is 24.32%, under
 * the 27.0% threshold, leaving about 0.98 M€ of room — more than the demo's hiring plan costs in any year.
 */
export const DEMO_CAPACITA: CapacitaRecord = {
  spesa_personale: 8_900_000,
  entrate_correnti_media: 38_500_000,
  fcde: 1_900_000,
  soglia: sogliaPerPopolazione(DEMO_POPOLAZIONE),
  soglia_rientro: sogliaRientroPerPopolazione(DEMO_POPOLAZIONE),
  // Example figures too: the flexible-work limit of 2009 (art. 9 c. 28 D.L. 78/2010) and the 2011-2013
  // average personnel expense (art. 1 c. 557-quater L. 296/2006). With 9.0 M€ the 2023 flexible work
  // (210.500 €) also takes the expense over the c. 557 limit (9.110.500 €): FAB_557 fires once, in 2023
  // (2022: 8.966.000 €, 2024: 8.933.500 €).
  spesa_flessibile_2009: 200_000,
  limite_557: 9_000_000,
  note: 'Importi di ESEMPIO: il seed cita il D.M. 17/03/2020 ma non riporta gli importi. Soglie dalle Tabelle 1 e 3 per la popolazione di esempio.',
};

/** Plan settings: the defaults (weights per sector, PNA 2019 qualitative risk assessment). */
export const DEMO_IMPOSTAZIONI: ImpostazioniRecord = {
  regola_pesi: 'Per settore',
  modalita_rischio: 'Qualitativa (PNA 2019)',
};
