import { column } from './columns';
import { AREE_RISCHIO, GIUDIZI_RISCHIO, LIVELLI_INDICATORE_RISCHIO, TIPOLOGIE_MISURA } from './enums';
import type { PlanSettings, RowValues, SheetDef } from './types';

/** The six ANAC key risk indicators (PNA 2019, all. 1), in the order of the Piano tipo. */
export const INDICATORI_RISCHIO = [
  ['interesse_esterno', 'Livello di interesse esterno', 'External interest'],
  ['discrezionalita', 'Discrezionalità del decisore', 'Discretion'],
  ['eventi_passati', 'Eventi corruttivi passati', 'Past events'],
  ['opacita', 'Opacità del processo', 'Opacity'],
  ['collaborazione', 'Collaborazione del responsabile', 'Cooperation of the owner'],
  ['attuazione_misure', 'Grado di attuazione delle misure', 'Implementation of measures'],
] as const;

const qualitativa = (_row: RowValues, s: PlanSettings): boolean => s.riskMode === 'qualitativa';
const numerica = (_row: RowValues, s: PlanSettings): boolean => s.riskMode === 'numerica';

/** 2.3 — Process mapping. */
export const processi = {
  id: 'processi',
  title: '2.3 Processi',
  label: 'Mappatura dei processi',
  labelEn: 'Process mapping',
  section: '2.3',
  scope: 'sector',
  kind: 'table',
  exported: true,
  columns: [
    column('text', 'codice', 'Codice', 'Code', { required: true, unique: 'plan', width: 14 }),
    column('enum', 'area', 'Area di rischio', 'Risk area', { required: true, values: AREE_RISCHIO, width: 40 }),
    column('text', 'processo', 'Processo', 'Process', { required: true, width: 40 }),
    column('longtext', 'fasi', 'Fasi', 'Phases', { requiredToApprove: true, help: 'Una fase per riga (PNA 2019, all. 1, § 3)' }),
    column('text', 'responsabile', 'Responsabile', 'Owner', { required: true, width: 26 }),
    column('bool', 'fondi_pnrr', 'Fondi PNRR', 'PNRR funds'),
    column('enum', 'categoria', 'Categoria', 'Category', { values: ['Governance', 'Operativo', 'Supporto'], width: 12, help: 'PNA 2019, all. 1, § 3.1' }),
    column('longtext', 'responsabili_fasi', 'Responsabile per fase', 'Owner per phase', { help: 'Uno per riga, nello stesso ordine delle fasi' }),
  ],
} satisfies SheetDef;

/** 2.3 — Risk assessment. */
export const rischi = {
  id: 'rischi',
  title: '2.3 Rischi',
  label: 'Valutazione del rischio',
  labelEn: 'Risk assessment',
  section: '2.3',
  scope: 'sector',
  kind: 'table',
  exported: true,
  columns: [
    column('text', 'codice', 'Codice', 'Code', { required: true, unique: 'plan', width: 14 }),
    column('ref', 'processo', 'Processo', 'Process', { required: true, ref: { sheet: 'processi', column: 'codice' } }),
    column('text', 'fase', 'Fase', 'Phase', { width: 20 }),
    column('text', 'evento_rischioso', 'Evento rischioso', 'Risk event', { required: true, width: 48 }),
    column('text', 'fattori_abilitanti', 'Fattori abilitanti', 'Enabling factors', { width: 32 }),
    ...INDICATORI_RISCHIO.map(([id, label, labelEn]) =>
      column('enum', id, label, labelEn, { required: qualitativa, values: LIVELLI_INDICATORE_RISCHIO, width: 14 }),
    ),
    column('enum', 'giudizio', 'Giudizio sintetico', 'Overall judgement', { required: true, values: GIUDIZI_RISCHIO, width: 16 }),
    column('longtext', 'motivazione', 'Motivazione', 'Rationale', { required: true }),
    column('int', 'probabilita', 'Probabilità (1-5)', 'Probability (1-5)', { required: numerica, min: 1, max: 5 }),
    column('int', 'impatto', 'Impatto (1-5)', 'Impact (1-5)', { required: numerica, min: 1, max: 5 }),
    column('int', 'livello', 'Livello (P×I)', 'Level (P×I)', {
      computed: (r) => (typeof r.probabilita === 'number' && typeof r.impatto === 'number' ? r.probabilita * r.impatto : null),
    }),
  ],
} satisfies SheetDef;

/** 2.3 — Prevention measures. */
export const misure = {
  id: 'misure',
  title: '2.3 Misure',
  label: 'Misure di prevenzione',
  labelEn: 'Prevention measures',
  section: '2.3',
  scope: 'sector',
  kind: 'table',
  exported: true,
  columns: [
    column('text', 'codice', 'Codice', 'Code', { required: true, unique: 'plan', width: 14 }),
    column('ref', 'rischio', 'Rischio', 'Risk', { required: true, ref: { sheet: 'rischi', column: 'codice' } }),
    column('enum', 'tipo', 'Tipo', 'Type', { required: true, values: ['Generale', 'Specifica'], width: 12 }),
    column('enum', 'tipologia', 'Tipologia', 'Category', { required: true, values: TIPOLOGIE_MISURA, width: 32 }),
    column('text', 'descrizione', 'Descrizione', 'Description', { required: true, width: 48 }),
    column('enum', 'stato', 'Stato', 'Status', { required: true, values: ['Attuata', 'In attuazione', 'Da attuare'], width: 14 }),
    column('text', 'responsabile', 'Responsabile', 'Owner', { required: true, width: 26 }),
    column('date', 'termine', 'Termine', 'Deadline', {
      requiredToApprove: (r) => r.stato !== 'Attuata',
      help: 'Obbligatorio per le misure non ancora attuate, entro il triennio (PNA 2019, all. 1, § 5.2)',
    }),
    column('text', 'indicatore', 'Indicatore di attuazione', 'Indicator', { required: true, width: 32 }),
    column('text', 'valore_atteso', 'Valore atteso', 'Expected value', { required: true, width: 16 }),
  ],
} satisfies SheetDef;
