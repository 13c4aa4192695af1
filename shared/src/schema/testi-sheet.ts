import { column } from './columns';
import type { SheetDef } from './types';

/**
 * Where a narrative text goes in the published document (Piano tipo order, D.M. 132/2022): before the
 * sections, in one of the four sections or subsections, or as the closing part.
 */
export const TESTI_SEZIONI = [
  'Premessa',
  '1',
  '2',
  '2.1',
  '2.2',
  '2.3',
  '3',
  '3.1',
  '3.2',
  '3.3',
  '3.4',
  '4',
] as const;

/**
 * Testi — the narrative parts of the plan (premessa, contesto, SMVP, …): each row is one titled text
 * placed in a section of the Piano tipo; the published document prints them before that section's
 * tables, in the order of the rows. Plain text: an empty line separates paragraphs, a line starting
 * with "- " is a list item.
 */
export const testi = {
  id: 'testi',
  title: 'Testi',
  label: 'Testi del piano (parti descrittive)',
  labelEn: 'Plan narrative texts',
  section: '-',
  scope: 'plan',
  kind: 'table',
  exported: true,
  columns: [
    column('enum', 'sezione', 'Sezione', 'Section', {
      required: true,
      values: TESTI_SEZIONI,
      width: 12,
      help: 'Sezione o sottosezione del Piano tipo in cui il testo compare (Premessa prima della sezione 1)',
    }),
    column('text', 'titolo', 'Titolo', 'Title', { required: true, width: 48 }),
    column('longtext', 'testo', 'Testo', 'Text', {
      required: true,
      width: 100,
      help: 'Una riga vuota separa i paragrafi; una riga che inizia con "- " è una voce di elenco',
    }),
  ],
} satisfies SheetDef;
