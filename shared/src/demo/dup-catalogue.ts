import { DUP_OBIETTIVI_01_05 } from './dup-obiettivi-01-05';
import { DUP_OBIETTIVI_06_10 } from './dup-obiettivi-06-10';

/**
 * The DUP strategic catalogue (Sezione strategica, mandato 2019-2024) of the Comune di Casale
 * Monferrato, as printed in the annex ("ALLEGATO AL DOCUMENTO") of the seed PIAO 2022-2024.
 *
 * The text is verbatim, typos included ("Procecuazione", "reti di di vario genere"). The conversion
 * of the PDF left markup and broken layout, so these rules were applied, and only these:
 * - markup removed (`<u>`, `</u>`, `<p>`, `</p>`, `**`), runs of whitespace collapsed, ends trimmed, and
 *   the space that the removed underline left before `,` `:` `;` dropped ("Occupazione : …" → "Occupazione: …");
 * - indirizzo titles come from the "INDICE INDIRIZZI STRATEGICI";
 * - objective titles are the text after "Obiettivo Strategico -" in the objective's heading of the detail
 *   blocks ("OBIETTIVI STRATEGICI DELL'INDIRIZZO STRATEGICO"). One exception: 03.01's heading repeats the
 *   colon ("Trasporto Pubblico: : promuovere …"); the summary table has it once and we follow the table;
 * - codes printed without their leading zero ("1.04", "1.05", "4.02") are written NN.NN;
 * - priorities: one per table row or `<p>` block. 10.03 is printed in two blocks, merged here in order;
 *   in its first block the conversion joined four rows into one line with no separator, and they are
 *   split again at each capitalised start ("Realizzazione, …", "Valorizzazione e sviluppo …",
 *   "Valorizzazione e pieno recupero …"). In 09.01 the "- di cui …" rows are sub-items of the row
 *   before them and are kept as entries of their own, with their dash, so the list reads as printed.
 * The test in this folder re-reads the seed and checks that every code is here and that, per objective,
 * the priorities joined together equal the seed's text: nothing lost, nothing added.
 */
export interface DupIndirizzo {
  codice: string;
  titolo: string;
}

export interface DupObiettivo {
  codice: string;
  indirizzo_codice: string;
  titolo: string;
  priorita: readonly string[];
}

export const DUP_INDIRIZZI: ReadonlyArray<DupIndirizzo> = [
  { codice: '01', titolo: 'Sviluppo economico: Industria, Artigianato, Commercio, Agricoltura, Impresa per i giovani' },
  { codice: '02', titolo: 'Sanità' },
  { codice: '03', titolo: 'Trasporti' },
  { codice: '04', titolo: 'Programmazione urbanistica, dei lavori pubblici ed ambientale' },
  { codice: '05', titolo: 'Politiche per la Famiglia e Sociali' },
  { codice: '06', titolo: 'Sicurezza, Protezione Civile, Decoro Urbano' },
  { codice: '07', titolo: 'Cultura' },
  { codice: '08', titolo: 'Istruzione e Formazione Lavoro' },
  { codice: '09', titolo: 'Sport e Giovani' },
  { codice: '10', titolo: 'Turismo e Manifestazioni' },
];

/** All 32 strategic objectives, in code order. */
export const DUP_OBIETTIVI: ReadonlyArray<DupObiettivo> = [...DUP_OBIETTIVI_01_05, ...DUP_OBIETTIVI_06_10];
