import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyChanges, readSheet } from '@piao/shared/doc/rows';
import { getSheet } from '@piao/shared/schema/index';
import type { CellValue, ColumnDef, SheetId } from '@piao/shared/schema/index';
import { bindSheets } from './binder';
import { MemoryHost } from './memory-host';
import type { HostValue } from './sheet-host';
import { compareHostAndDoc, linkedDocs, manualFrames } from './testing';

/** Raw inputs a person may type into a column: valid, to be normalised, or invalid. */
function typed(col: ColumnDef): HostValue[] {
  switch (col.type) {
    case 'enum':
      return [...(col.values ?? []).slice(0, 3), (col.values?.[0] ?? 'x').toUpperCase(), 'Non ammesso', null];
    case 'int':
    case 'year':
      return [2023, '2.024', 7, '12,5', 'molti', null];
    case 'percent':
    case 'decimal':
    case 'money':
      return [40, '37,5', '1.234,56', 'tanto', null];
    case 'date':
      return ['2023-01-15', '15/03/2024', 45000, '31/02/2023', null];
    default:
      return ['Ufficio tecnico', '  spazi  ', 'Rossi', 42, null];
  }
}

/** Document values a remote client writes (always valid). */
function remoteValue(col: ColumnDef): CellValue[] {
  switch (col.type) {
    case 'enum':
      return [...(col.values ?? []).slice(0, 2), null];
    case 'int':
    case 'year':
      return [2022, 2024, 3, null];
    case 'percent':
    case 'decimal':
    case 'money':
      return [10, 25.5, 100, null];
    case 'date':
      return ['2022-12-31', '2024-06-01', null];
    default:
      return ['Remoto', 'Bianchi', null];
  }
}

type Op =
  | { k: 'type'; row: number; col: number; v: number }
  | { k: 'paste'; row: number; col: number; v: number; rows: number }
  | { k: 'typeBelow'; col: number; v: number }
  | { k: 'append'; col: number; v: number }
  | { k: 'delete'; row: number }
  | { k: 'sort'; col: number; desc: boolean }
  | { k: 'rAdd'; col: number; v: number }
  | { k: 'rUpdate'; row: number; col: number; v: number }
  | { k: 'rDelete'; row: number }
  | { k: 'deliver' }
  | { k: 'frame' }
  | { k: 'tick' };

const n = fc.nat(50);
// Small indexes half of the time, so edits often collide on the same cells.
const c = fc.oneof(fc.nat(2), n);
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ k: fc.constant('type' as const), row: c, col: c, v: n }),
  fc.record({ k: fc.constant('paste' as const), row: c, col: c, v: n, rows: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ k: fc.constant('typeBelow' as const), col: c, v: n }),
  fc.record({ k: fc.constant('append' as const), col: c, v: n }),
  fc.record({ k: fc.constant('delete' as const), row: c }),
  fc.record({ k: fc.constant('sort' as const), col: c, desc: fc.boolean() }),
  fc.record({ k: fc.constant('rAdd' as const), col: c, v: n }),
  fc.record({ k: fc.constant('rUpdate' as const), row: c, col: c, v: n }),
  fc.record({ k: fc.constant('rDelete' as const), row: c }),
  fc.constant({ k: 'deliver' as const }),
  fc.constant({ k: 'frame' as const }),
  fc.constant({ k: 'tick' as const }),
);

const pick = <T,>(list: readonly T[], i: number): T => list[i % list.length]!;

async function run(sheet: SheetId, ops: Op[]): Promise<void> {
  const def = getSheet(sheet);
  const editable = def.columns.filter((c) => !c.computed);
  const { local, remote, deliver } = linkedDocs();
  const host = new MemoryHost({ origin: 'excel' });
  const frames = manualFrames();
  const binding = bindSheets({ doc: local, host, sheets: [sheet], readOnly: false, schedule: frames.schedule });
  await binding.ready;
  for (const o of ops) {
    const count = host.rows(sheet).length;
    const remoteRows = readSheet(remote, sheet);
    switch (o.k) {
      case 'type':
      case 'paste': {
        if (count === 0) break;
        const col = pick(def.columns, o.col);
        const rows = o.k === 'paste' ? o.rows : 1;
        const edits = [];
        for (let r = 0; r < rows; r++) {
          const c = pick(def.columns, o.col + r);
          edits.push({ row: (o.row + r) % (count + 1), column: c.id, value: pick(typed(c), o.v + r) });
        }
        edits.push({ row: o.row % count, column: col.id, value: pick(typed(col), o.v) });
        host.userSetCells(sheet, edits);
        break;
      }
      case 'typeBelow': {
        const col = pick(editable, o.col);
        host.userSetCells(sheet, [{ row: host.rows(sheet).length, column: col.id, value: pick(typed(col), o.v) }]);
        break;
      }
      case 'append': {
        const col = pick(editable, o.col);
        host.userAppendRow(sheet, { [col.id]: pick(typed(col), o.v) });
        break;
      }
      case 'delete':
        if (count > 0) host.userDeleteRows(sheet, [o.row % count]);
        break;
      case 'sort':
        host.userSort(sheet, pick(def.columns, o.col).id, o.desc ? 'desc' : 'asc');
        break;
      case 'rAdd': {
        const col = pick(editable, o.col);
        applyChanges(remote, [{ kind: 'add', sheet, values: { [col.id]: pick(remoteValue(col), o.v) } }], 'test');
        break;
      }
      case 'rUpdate': {
        if (remoteRows.length === 0) break;
        const col = pick(editable, o.col);
        applyChanges(remote, [{ kind: 'update', sheet, id: pick(remoteRows, o.row).id, values: { [col.id]: pick(remoteValue(col), o.v) } }], 'test');
        break;
      }
      case 'rDelete':
        if (remoteRows.length > 0) applyChanges(remote, [{ kind: 'delete', sheet, id: pick(remoteRows, o.row).id }], 'test');
        break;
      case 'deliver':
        deliver();
        break;
      case 'frame':
        frames.runFrame();
        break;
      case 'tick':
        await new Promise((r) => setTimeout(r, 0));
        break;
    }
  }
  deliver();
  await frames.settle();
  deliver();
  await frames.settle();
  const { hostRows, docRows } = compareHostAndDoc(host, local, sheet);
  expect(hostRows).toEqual(docRows);
  expect(readSheet(local, sheet)).toEqual(readSheet(remote, sheet));
  binding.dispose();
}

describe('convergence: random user edits in the host and random remote edits', () => {
  for (const sheet of ['obiettivi', 'fabbisogni'] as const) {
    it(`host rows (by id) equal document rows — ${sheet}`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 40 }), (ops) => run(sheet, ops)),
        { numRuns: 150, verbose: 1 },
      );
    });
  }
});
