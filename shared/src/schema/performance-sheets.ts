import { column } from './columns';
import type { SheetDef } from './types';

/** 2.2 — Performance objectives of a sector. */
export const obiettivi = {
  id: 'obiettivi',
  title: '2.2 Obiettivi',
  label: 'Obiettivi di performance',
  labelEn: 'Performance objectives',
  section: '2.2',
  scope: 'sector',
  kind: 'table',
  simplifiedOptional: true,
  exported: true,
  columns: [
    column('text', 'codice', 'Codice', 'Code', { required: true, unique: 'plan', width: 16, help: 'Unico nel piano, es. LLPP-2023-01' }),
    column('text', 'titolo', 'Titolo', 'Title', { required: true, width: 40 }),
    column('longtext', 'descrizione', 'Descrizione', 'Description'),
    column('ref', 'obiettivo_strategico', 'Obiettivo strategico', 'Strategic objective', {
      required: true,
      ref: { sheet: 'obiettivi_strategici', column: 'codice' },
      help: 'Codice NN.NN del DUP',
    }),
    column('enum', 'tipo', 'Tipo', 'Type', {
      required: true,
      values: ['Strategico', 'Operativo', 'Gestionale', 'Trasversale anticorruzione/trasparenza'],
      width: 30,
    }),
    column('enum', 'dimensione', 'Dimensione del valore pubblico', 'Public value dimension', {
      values: ['Semplificazione', 'Digitalizzazione', 'Accessibilità', 'Pari opportunità', 'Altro'],
    }),
    column('text', 'responsabile', 'Responsabile', 'Owner', { required: true, width: 26 }),
    column('percent', 'peso', 'Peso %', 'Weight %', { required: true, help: 'Maggiore di 0; la somma dei pesi del settore è 100' }),
    column('date', 'inizio', 'Inizio', 'Start'),
    column('date', 'fine', 'Fine', 'End'),
    column('text', 'stakeholder', 'Stakeholder', 'Stakeholders', { width: 28 }),
    column('text', 'missione_programma', 'Missione/Programma', 'Mission/Programme', {
      pattern: /^\d{2}\.\d{2}$/,
      patternHint: 'formato MM.PP (es. 01.02), la missione e il programma del bilancio (D.Lgs. 118/2011)',
      width: 12,
    }),
    column('text', 'obiettivo_operativo', 'Obiettivo operativo (DUP - SeO)', 'Operational objective', { width: 36 }),
  ],
} satisfies SheetDef;

/** 2.2 — Indicators of the performance objectives. */
export const indicatori = {
  id: 'indicatori',
  title: '2.2 Indicatori',
  label: 'Indicatori di performance',
  labelEn: 'Performance indicators',
  section: '2.2',
  scope: 'sector',
  kind: 'table',
  simplifiedOptional: true,
  exported: true,
  columns: [
    column('ref', 'obiettivo', 'Obiettivo', 'Objective', {
      required: true,
      ref: { sheet: 'obiettivi', column: 'codice' },
      width: 16,
    }),
    column('text', 'nome', 'Indicatore', 'Indicator', { required: true, width: 40 }),
    column('enum', 'tipo', 'Tipo', 'Type', {
      required: true,
      values: ['Efficacia', 'Efficienza', 'Qualità', 'Stato di attuazione', 'Impatto'],
    }),
    column('text', 'formula', 'Formula', 'Formula', { width: 32 }),
    column('enum', 'unita', 'Unità', 'Unit', {
      required: true,
      values: ['%', '% variazione', 'n.', 'giorni', '€', 'data', 'Sì/No'],
      width: 12,
      help: '«% variazione» per target di variazione, anche negativi (es. -10% dei tempi di attesa)',
    }),
    column('enum', 'polarita', 'Polarità', 'Polarity', { required: true, values: ['Crescente', 'Decrescente', 'Binario'], width: 14 }),
    column('decimal', 'baseline', 'Baseline', 'Baseline'),
    column('text', 'target_anno1', 'Target anno 1', 'Target year 1', { required: true, width: 14 }),
    column('text', 'target_anno2', 'Target anno 2', 'Target year 2', { width: 14 }),
    column('text', 'target_anno3', 'Target anno 3', 'Target year 3', { width: 14 }),
    column('text', 'fonte', 'Fonte dei dati', 'Data source', { width: 24 }),
  ],
} satisfies SheetDef;
