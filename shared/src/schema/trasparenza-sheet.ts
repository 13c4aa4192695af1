import { column } from './columns';
import type { SheetDef } from './types';

export const AGGIORNAMENTI = ['Tempestivo', 'Trimestrale', 'Semestrale', 'Annuale'] as const;

/**
 * 2.3 — Trasparenza: the obligations of publication in "Amministrazione trasparente" (D.Lgs. 33/2013;
 * ANAC delibera 1310/2016, Allegato 1), with who sends and who publishes each (art. 10 c. 1 D.Lgs.
 * 33/2013) and its monitoring. A new plan is pre-filled with TRASPARENZA_CATALOGO (trasparenza-catalogo.ts).
 */
export const trasparenza = {
  id: 'trasparenza',
  title: '2.3 Trasparenza',
  label: 'Obblighi di pubblicazione',
  labelEn: 'Transparency obligations',
  section: '2.3',
  scope: 'plan',
  kind: 'table',
  exported: true,
  columns: [
    column('text', 'sottosezione_1', 'Sottosezione livello 1', 'Section level 1', { required: true, width: 30 }),
    column('text', 'sottosezione_2', 'Sottosezione livello 2', 'Section level 2', { required: true, width: 30 }),
    column('text', 'riferimento', 'Riferimento normativo', 'Legal basis', { required: true, width: 22 }),
    column('text', 'obbligo', 'Denominazione obbligo', 'Obligation', { required: true, width: 36 }),
    column('longtext', 'contenuto', 'Contenuto', 'Content', { width: 48 }),
    column('enum', 'aggiornamento', 'Aggiornamento', 'Update frequency', { values: ['Tempestivo', 'Trimestrale', 'Semestrale', 'Annuale'], width: 14 }),
    column('ref', 'settore', 'Settore', 'Department', { ref: { sheet: 'settori', column: 'id' }, width: 18 }),
    column('text', 'resp_trasmissione', 'Responsabile della trasmissione', 'Sends the data', { width: 26 }),
    column('text', 'resp_pubblicazione', 'Responsabile della pubblicazione', 'Publishes the data', { width: 26 }),
    column('text', 'termine', 'Termine di pubblicazione', 'Publication deadline', { width: 20 }),
    column('bool', 'applicabile', 'Applicabile', 'Applicable', { help: "Vuoto vale Sì; se No, indicare la motivazione" }),
    column('text', 'motivazione', 'Motivazione se non applicabile', 'Reason if not applicable', { width: 32 }),
    column('enum', 'monitoraggio', 'Frequenza del monitoraggio', 'Monitoring frequency', { values: ['Trimestrale', 'Semestrale', 'Annuale'], width: 14 }),
    column('date', 'data_monitoraggio', 'Data ultimo monitoraggio', 'Last monitoring date'),
    column('enum', 'esito', 'Esito ultimo monitoraggio', 'Last monitoring outcome', {
      values: ['Conforme', 'Parzialmente conforme', 'Non conforme'],
      width: 20,
    }),
  ],
} satisfies SheetDef;
