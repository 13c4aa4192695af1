import { column } from './columns';
import type { SheetDef } from './types';

/**
 * Riporti — the rows a new plan carried over from the previous triennium (rollforward/): where each
 * row is now, the row it came from, whether a person still has to review it, and what the roll-forward
 * noticed (a DUP code that no longer exists, a staffing row moved to the new first year). A register in
 * the plan room rather than two extra columns on every sheet: it leaves the sheets' columns (workbook,
 * templates, import) as they are.
 */
export const riporti = {
  id: 'riporti',
  title: 'Riporti',
  label: 'Righe riportate dal piano precedente',
  labelEn: 'Rows carried over from the previous plan',
  section: '-',
  scope: 'plan',
  kind: 'table',
  exported: true,
  columns: [
    column('text', 'settore', 'Settore', 'Department', { required: true, width: 20, help: 'Codice del settore, o _piano per i fogli del coordinatore' }),
    column('text', 'foglio', 'Foglio', 'Sheet', { required: true, width: 22 }),
    column('text', 'riga', 'Riga', 'Row', { required: true, width: 24, help: 'Identificativo della riga nel nuovo piano' }),
    column('text', 'descrizione', 'Descrizione', 'Description', { width: 40, help: 'Codice o titolo della riga' }),
    column('text', 'origine', 'Origine', 'Origin', { required: true, width: 32, help: 'Triennio e riga del piano da cui è stata riportata' }),
    column('bool', 'da_rivedere', 'Da rivedere', 'To review', { help: 'Sì finché una persona non ha rivisto la riga' }),
    column('longtext', 'segnalazione', 'Segnalazione', 'Flag', { width: 60 }),
  ],
} satisfies SheetDef;
