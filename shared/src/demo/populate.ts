import * as Y from 'yjs';
import { applyChanges, tableMap, type RowChange } from '../doc/rows';
import type { SheetId } from '../schema/types';
import { demoContent, type DemoRow } from './content';

function tableChanges(doc: Y.Doc, sheet: SheetId, rows: readonly DemoRow[]): RowChange[] {
  const table = tableMap(doc, sheet);
  // A row already there is updated in place: a second run writes nothing and keeps the order.
  return rows.map((r) =>
    table.has(r.id) ? { kind: 'update', sheet, id: r.id, values: r.values } : { kind: 'add', sheet, id: r.id, values: r.values },
  );
}

/**
 * Writes the demo plan: plan-level sheets into `planDoc`, each example sector's sheets into
 * `sectorDoc(id)`. One transaction per document, origin `demo`; rows keep their order and have
 * deterministic ids, so two runs give the same content and a repeated run on the same documents is a no-op.
 */
export function populateDemoPlan(planDoc: Y.Doc, sectorDoc: (sectorId: string) => Y.Doc): void {
  const content = demoContent();
  const planChanges: RowChange[] = [];
  for (const [sheet, values] of Object.entries(content.records)) planChanges.push({ kind: 'record', sheet: sheet as SheetId, values });
  for (const [sheet, rows] of Object.entries(content.tables)) planChanges.push(...tableChanges(planDoc, sheet as SheetId, rows));
  applyChanges(planDoc, planChanges, 'demo');
  for (const sector of content.sectors) {
    const doc = sectorDoc(sector.id);
    const changes = Object.entries(sector.sheets).flatMap(([sheet, rows]) => tableChanges(doc, sheet as SheetId, rows));
    applyChanges(doc, changes, 'demo');
  }
}

/** Fresh in-memory documents holding the demo plan. */
export function buildDemoDocs(): { planDoc: Y.Doc; sectorDocs: Map<string, Y.Doc> } {
  const planDoc = new Y.Doc();
  const sectorDocs = new Map<string, Y.Doc>();
  populateDemoPlan(planDoc, (id) => {
    let doc = sectorDocs.get(id);
    if (!doc) sectorDocs.set(id, (doc = new Y.Doc()));
    return doc;
  });
  return { planDoc, sectorDocs };
}
