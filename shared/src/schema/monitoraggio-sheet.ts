import { column } from './columns';
import type { RowValues, SheetDef } from './types';

const n = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * Not a computed column: a computed column needs its Excel formula in the binding (addin/src/excel),
 * which is not this module's; validation (MON_GAP) and the Riepilogo use this function instead.
 * % of the target reached, from the polarity: increasing → actual / target; decreasing → target /
 * actual (less is better); capped at 100 and rounded to 2 decimals. Null when it cannot be computed.
 */
export function raggiungimento(r: RowValues): number | null {
  const target = n(r.target);
  const actual = n(r.valore_effettivo);
  if (target === null || actual === null) return null;
  let pct: number;
  if (r.polarita === 'Decrescente') pct = actual <= 0 ? 100 : (target / actual) * 100;
  else if (target === 0) pct = actual >= 0 ? 100 : 0;
  else pct = (actual / target) * 100;
  return Math.round(Math.max(0, Math.min(100, pct)) * 100) / 100;
}

/**
 * 4 — Monitoraggio (D.M. 132/2022 art. 5): actual values of the indicators at 30/06 and 31/12 and the
 * state of the measures, with the OIV's validation (art. 14 c. 4 lett. c D.Lgs. 150/2009) and user
 * satisfaction (art. 19-bis D.Lgs. 150/2009). One row per item and period; plan room (the coordinator
 * collects the sectors' figures), the sector named in each row.
 */
export const monitoraggio = {
  id: 'monitoraggio',
  title: '4 Monitoraggio',
  label: 'Monitoraggio',
  labelEn: 'Monitoring',
  section: '4',
  scope: 'plan',
  kind: 'table',
  simplifiedOptional: true,
  exported: true,
  columns: [
    column('ref', 'settore', 'Settore', 'Department', { required: true, ref: { sheet: 'settori', column: 'id' }, width: 18 }),
    column('enum', 'tipo', 'Oggetto', 'Item', { required: true, values: ['Indicatore', 'Misura', 'Soddisfazione utenti'], width: 20 }),
    column('text', 'riferimento', 'Indicatore, misura o servizio', 'Indicator, measure or service', { required: true, width: 36 }),
    column('year', 'anno', 'Anno', 'Year', { required: true, min: 2000, max: 2100 }),
    column('enum', 'periodo', 'Periodo', 'Period', { required: true, values: ['30/06', '31/12'], width: 10 }),
    column('enum', 'polarita', 'Polarità', 'Polarity', { values: ['Crescente', 'Decrescente'], width: 14 }),
    column('decimal', 'target', 'Target', 'Target'),
    column('decimal', 'valore_effettivo', 'Valore effettivo', 'Actual value'),
    column('longtext', 'motivazione_scostamento', 'Motivazione dello scostamento', 'Gap explanation', { width: 40 }),
    column('bool', 'validazione_oiv', 'Validato OIV', 'OIV validated'),
    column('enum', 'stato_misura', 'Stato della misura', 'Measure status', { values: ['Attuata', 'In attuazione', 'Non attuata'], width: 14 }),
    column('text', 'evidenze', 'Evidenze', 'Evidence', { width: 28 }),
    column('text', 'metodo', 'Metodo di rilevazione', 'Survey method', { width: 24, help: 'Per la soddisfazione degli utenti' }),
  ],
} satisfies SheetDef;
