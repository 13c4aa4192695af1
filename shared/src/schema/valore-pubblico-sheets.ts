import { column } from './columns';
import type { SheetDef } from './types';

/** Public-value dimensions (Piano tipo, 2.1), as for the performance objectives. */
export const DIMENSIONI_VALORE_PUBBLICO = ['Semplificazione', 'Digitalizzazione', 'Accessibilità', 'Pari opportunità', 'Altro'] as const;

/** 2.1 — Valore pubblico: public-value objectives with their impact indicator (D.M. 132/2022 art. 3 c. 1 lett. a). */
export const valorePubblico = {
  id: 'valore_pubblico',
  title: '2.1 Valore pubblico',
  label: 'Obiettivi di valore pubblico',
  labelEn: 'Public value objectives',
  section: '2.1',
  scope: 'plan',
  kind: 'table',
  simplifiedOptional: true,
  exported: true,
  columns: [
    column('text', 'codice', 'Codice', 'Code', { required: true, unique: 'sheet', width: 10 }),
    column('text', 'obiettivo', 'Obiettivo di valore pubblico', 'Public value objective', { required: true, width: 48 }),
    column('ref', 'obiettivo_strategico', 'Obiettivo strategico', 'Strategic objective', {
      required: true,
      ref: { sheet: 'obiettivi_strategici', column: 'codice' },
      help: 'Codice NN.NN del DUP',
    }),
    column('enum', 'dimensione', 'Dimensione', 'Dimension', { values: DIMENSIONI_VALORE_PUBBLICO }),
    column('text', 'indicatore_impatto', "Indicatore d'impatto", 'Impact indicator', { required: true, width: 36 }),
    column('text', 'baseline', 'Baseline', 'Baseline', { requiredToApprove: true, width: 14 }),
    column('text', 'target_anno1', 'Target anno 1', 'Target year 1', { requiredToApprove: true, width: 14 }),
    column('text', 'target_anno2', 'Target anno 2', 'Target year 2', { requiredToApprove: true, width: 14 }),
    column('text', 'target_anno3', 'Target anno 3', 'Target year 3', { requiredToApprove: true, width: 14 }),
    column('text', 'stakeholder', 'Stakeholder', 'Stakeholders', { width: 28 }),
  ],
} satisfies SheetDef;

/** 2.1 — Procedures to simplify and digitise (D.M. 132/2022 art. 3 c. 1 lett. a n. 3; Agenda Semplificazione). */
export const semplificazione = {
  id: 'semplificazione',
  title: '2.1 Semplificazione',
  label: 'Procedure da semplificare e digitalizzare',
  labelEn: 'Procedures to simplify',
  section: '2.1',
  scope: 'plan',
  kind: 'table',
  simplifiedOptional: true,
  exported: true,
  columns: [
    column('text', 'procedura', 'Procedura', 'Procedure', { required: true, width: 40 }),
    column('ref', 'settore', 'Settore', 'Department', { ref: { sheet: 'settori', column: 'id' }, width: 18 }),
    column('int', 'tempo_attuale', 'Tempo attuale (giorni)', 'Current time (days)', { min: 0 }),
    column('int', 'tempo_obiettivo', 'Tempo obiettivo (giorni)', 'Target time (days)', { min: 0 }),
    column('enum', 'canale', 'Canale', 'Channel', { values: ['Sportello', 'Online', 'Sportello e online'], width: 18 }),
    column('bool', 'pagopa', 'pagoPA', 'pagoPA'),
    column('bool', 'spid', 'SPID/CIE', 'SPID/CIE'),
    column('bool', 'app_io', 'App IO', 'App IO'),
    column('date', 'termine', 'Termine', 'Deadline'),
  ],
} satisfies SheetDef;

/** 2.1 — Physical and digital accessibility for citizens over 65 and with disabilities (D.M. 132/2022 art. 3 c. 1 lett. a n. 2). */
export const accessibilita = {
  id: 'accessibilita',
  title: '2.1 Accessibilità',
  label: 'Azioni per la piena accessibilità',
  labelEn: 'Accessibility actions',
  section: '2.1',
  scope: 'plan',
  kind: 'table',
  simplifiedOptional: true,
  exported: true,
  columns: [
    column('text', 'azione', 'Azione', 'Action', { required: true, width: 48 }),
    column('enum', 'tipo', 'Accessibilità', 'Accessibility', { required: true, values: ['Fisica', 'Digitale'], width: 12 }),
    column('enum', 'destinatari', 'Destinatari', 'Target group', {
      required: true,
      values: ['Cittadini over 65', 'Cittadini con disabilità', 'Over 65 e persone con disabilità'],
      width: 30,
    }),
    column('text', 'responsabile', 'Responsabile', 'Owner', { width: 26 }),
    column('date', 'termine', 'Termine', 'Deadline'),
    column('text', 'indicatore', 'Indicatore', 'Indicator', { width: 28 }),
    column('text', 'target', 'Target', 'Target', { width: 14 }),
  ],
} satisfies SheetDef;
