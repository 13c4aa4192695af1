import { column } from './columns';
import type { SheetDef } from './types';

export const AMBITI_AZIONI_POSITIVE = [
  'Riequilibrio di genere',
  'Conciliazione vita-lavoro',
  'Formazione',
  'Benessere organizzativo',
  'Contrasto alle discriminazioni',
  'Comunicazione',
] as const;

/**
 * 2.2 — Piano delle azioni positive (art. 48 D.Lgs. 198/2006, absorbed by the PIAO by D.P.R. 81/2022
 * art. 1 c. 1 lett. f): actions removing the obstacles to equal opportunities, year by year.
 */
export const azioniPositive = {
  id: 'azioni_positive',
  title: '2.2 Azioni positive',
  label: 'Piano delle azioni positive',
  labelEn: 'Positive actions plan',
  section: '2.2',
  scope: 'plan',
  kind: 'table',
  exported: true,
  columns: [
    column('text', 'obiettivo', 'Obiettivo', 'Objective', { required: true, width: 36 }),
    column('longtext', 'azione', 'Azione', 'Action', { required: true, width: 48 }),
    column('enum', 'ambito', 'Ambito', 'Field', { required: true, values: AMBITI_AZIONI_POSITIVE, width: 26 }),
    column('text', 'destinatari', 'Destinatari', 'Target group', { width: 28, help: "Es. personale dell'area Funzionari e EQ" }),
    column('text', 'responsabile', 'Responsabile', 'Owner', { required: true, width: 26 }),
    column('year', 'anno', 'Anno', 'Year', { required: true, min: 2000, max: 2100 }),
    column('text', 'indicatore', 'Indicatore', 'Indicator', { width: 28 }),
    column('text', 'target', 'Target', 'Target', { width: 14 }),
    column('money', 'risorse', 'Risorse', 'Resources', { min: 0 }),
  ],
} satisfies SheetDef;
