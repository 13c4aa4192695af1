import { column } from './columns';
import type { SheetDef } from './types';

/** Who approves a document linked to the PIAO (D.Lgs. 267/2000 artt. 42 and 48). */
export const ORGANI_ATTO = ['Consiglio comunale', 'Giunta comunale', 'Sindaco', 'Segretario generale', 'Dirigente', 'Altro'] as const;

/**
 * 5 — Documenti e atti collegati: the plans the PIAO absorbs or links (D.P.R. 81/2022 art. 1; the seed's
 * "Mappa di approvazione dei documenti di riferimento del PIAO" lists nine), with the act approving each.
 */
export const documenti = {
  id: 'documenti',
  title: '5 Documenti collegati',
  label: 'Documenti e atti collegati',
  labelEn: 'Linked documents and acts',
  section: '5',
  scope: 'plan',
  kind: 'table',
  exported: true,
  columns: [
    column('text', 'documento', 'Documento', 'Document', { required: true, width: 48 }),
    column('enum', 'stato', 'Stato', 'Status', {
      required: true,
      values: ['Approvato', 'In aggiornamento', 'Non presente'],
      width: 16,
    }),
    column('enum', 'organo', 'Organo', 'Body', { values: ORGANI_ATTO, width: 20 }),
    column('text', 'numero', 'Numero atto', 'Act number', { width: 10 }),
    column('date', 'data', 'Data atto', 'Act date'),
    column('longtext', 'aggiornamenti', 'Aggiornamenti successivi', 'Later updates', { width: 48, help: 'Atti che lo hanno modificato o integrato, uno per riga' }),
    column('url', 'link', 'Link', 'Link', { width: 40 }),
  ],
} satisfies SheetDef;
