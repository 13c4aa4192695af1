import { OfficeMockObject } from 'office-addin-mock';
import { a1 } from './office-values';
import { parseA1, type Block } from './office-layout';

/**
 * Test support: a small Excel workbook model behind `office-addin-mock` proxies. Every object the
 * adapter gets is an `OfficeMockObject`, so a property read before `load` + `sync` returns the mock's
 * error text (and is recorded as a violation); writes and method calls are queued and applied at
 * `sync`, in call order, as Excel does. It counts runs, syncs and the bytes of each request, and fires
 * `onChanged` for API writes (with `triggerSource` when ExcelApi 1.14 is "supported") and for the
 * user actions it simulates.
 */

type Cell = string | number | boolean;

export interface FakeTable {
  name: string;
  sheet: FakeSheet;
  row: number;
  col: number;
  /** Rows including the header. */
  rows: number;
  cols: number;
}

export interface FakeSheet {
  id: string;
  name: string;
  cells: Map<string, Cell>;
  fills: Map<string, string>;
  numberFormats: Array<{ address: string; format: string }>;
  conditionalFormats: Array<{ address: string; type: string; formula: string; numberFormat: string; fill: string }>;
  validations: Map<string, unknown>;
  hiddenColumns: Set<number>;
  /** Column widths in points, set by `format.columnWidth` (by the add-in or the user). */
  widths: Map<number, number>;
  protected: boolean;
  visibility: string;
  frozenRows: number;
  onChanged: Array<(e: unknown) => Promise<unknown>>;
  onSelection: Array<(e: unknown) => Promise<unknown>>;
}

const NOT_LOADED = ['Error, property was not loaded', 'Error, context.sync() was not called'];
const key = (r: number, c: number) => `${r},${c}`;

export class FakeExcel {
  readonly sheets: FakeSheet[] = [];
  readonly tables: FakeTable[] = [];
  runs = 0;
  syncs = 0;
  /** Estimated bytes (JSON of written values and rules) of every sync that wrote something. */
  readonly requestBytes: number[] = [];
  /** Method calls, e.g. `worksheets.add(2.2 Obiettivi)`, `tables.add`, `range.delete(Up)`. */
  readonly calls: string[] = [];
  /** Misuse seen: reads before load/sync, formulas written as values, work left without a sync. */
  readonly violations: string[] = [];
  selected: { sheet: string; address: string } | null = null;
  /** `Workbook.settings` (ExcelApi 1.4): saved with the document; `add` sets or adds a key. */
  readonly settings = new Map<string, unknown>();
  private nextId = 1;

  constructor(public apiVersion = '1.14') {}

  readonly Excel = {
    run: <T,>(a: unknown, b?: (ctx: Excel.RequestContext) => Promise<T>) => this.run((typeof a === 'function' ? a : b) as (ctx: Excel.RequestContext) => Promise<T>),
  };
  readonly Office = {
    context: { requirements: { isSetSupported: (name: string, v = '1.1') => name === 'ExcelApi' && Number(v.split('.')[1]) <= Number(this.apiVersion.split('.')[1]) } },
  };

  // ── Reading the model (assertions) ───────────────────────────────────────

  sheet(name: string): FakeSheet {
    const s = this.sheets.find((x) => x.name === name);
    if (!s) throw new Error(`no sheet ${name}`);
    return s;
  }

  table(name: string): FakeTable {
    const t = this.tables.find((x) => x.name === name);
    if (!t) throw new Error(`no table ${name}`);
    return t;
  }

  cell(sheet: string, r: number, c: number): Cell | '' {
    return this.sheet(sheet).cells.get(key(r, c)) ?? '';
  }

  /** A table's body as rows of values (header excluded), plus rows typed under it. */
  body(tableName: string): Cell[][] {
    const t = this.table(tableName);
    const last = Math.max(t.row + t.rows - 1, this.usedEnd(t.sheet) - 1);
    const out: Cell[][] = [];
    for (let r = t.row + 1; r <= last; r++) out.push(Array.from({ length: t.cols }, (_, c) => this.cell(t.sheet.name, r, t.col + c)));
    return out;
  }

  header(tableName: string): Cell[] {
    const t = this.table(tableName);
    return Array.from({ length: t.cols }, (_, c) => this.cell(t.sheet.name, t.row, t.col + c));
  }

  // ── What a person does in Excel ──────────────────────────────────────────

  /** Types or pastes a block. */
  async userType(sheet: string, row: number, col: number, values: Cell[][]): Promise<void> {
    const s = this.sheet(sheet);
    this.write(s, { row, col, rows: values.length, cols: values[0]!.length }, values);
    await this.fire(s, a1(row, col, values.length, values[0]!.length), 'RangeEdited', 'Unknown');
  }

  /** Deletes whole worksheet rows. */
  async userDeleteRows(sheet: string, row: number, count: number): Promise<void> {
    const s = this.sheet(sheet);
    this.deleteUp(s, { row, col: 0, rows: count, cols: 16_384 });
    await this.fire(s, `${row + 1}:${row + count}`, 'RowDeleted', 'Unknown');
  }

  /** Sorts a table's body by one of its columns (by header label). */
  async userSort(tableName: string, label: string, dir: 'asc' | 'desc' = 'asc'): Promise<void> {
    const t = this.table(tableName);
    const c = this.header(tableName).indexOf(label);
    const rows = this.body(tableName).slice(0, t.rows - 1);
    rows.sort((x, y) => (dir === 'asc' ? 1 : -1) * String(x[c]).localeCompare(String(y[c]), 'it', { numeric: true }));
    this.write(t.sheet, { row: t.row + 1, col: t.col, rows: rows.length, cols: t.cols }, rows);
    await this.fire(t.sheet, a1(t.row + 1, t.col, rows.length, t.cols), 'RangeEdited', 'Unknown');
  }

  async userSelect(sheet: string, row: number, col: number): Promise<void> {
    const s = this.sheet(sheet);
    this.selected = { sheet, address: a1(row, col) };
    for (const h of s.onSelection) await h({ address: a1(row, col), type: 'WorksheetSelectionChanged', worksheetId: s.id });
  }

  /** Lets the events of the last writes arrive and the adapter's reads finish. */
  async settle(): Promise<void> {
    for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
  }

  // ── The API side ─────────────────────────────────────────────────────────

  private async run<T>(batch: (ctx: Excel.RequestContext) => Promise<T>): Promise<T> {
    this.runs += 1;
    const queue: Array<() => void> = [];
    const proxies: Array<{ mock: OfficeMockObject; fresh: () => Record<string, unknown> }> = [];
    const written: Array<{ sheet: FakeSheet; b: Block }> = [];
    const pending = { bytes: 0, deletes: [] as Array<{ sheet: FakeSheet; address: string }> };
    let syncing = false;
    const fake = this;

    function proxy(loadable: () => Record<string, unknown>, extra: Record<string, unknown>, writable: Record<string, (v: unknown) => void> = {}): OfficeMockObject {
      const mock = new OfficeMockObject(loadable(), 'excel' as never);
      Object.defineProperties(mock, Object.getOwnPropertyDescriptors(extra));
      for (const k of Object.keys(loadable())) {
        let current = (mock as Record<string, unknown>)[k];
        Object.defineProperty(mock, k, {
          configurable: true,
          enumerable: true,
          get: () => {
            if (!syncing && NOT_LOADED.includes(current as string)) fake.violations.push(`lettura di ${k} senza load/sync`);
            return current;
          },
          set: (v: unknown) => {
            current = v;
            if (syncing) return;
            if (k === 'values') pending.bytes += JSON.stringify(v).length;
            const apply = writable[k];
            if (!apply) fake.violations.push(`scrittura di ${k} in sola lettura`);
            else queue.push(() => apply(v));
          },
        });
      }
      // The mock's own load() re-assigns properties: that is not a write by the adapter.
      (mock as Record<string, unknown>).load = (...args: unknown[]) => {
        const was = syncing;
        syncing = true;
        try {
          return (OfficeMockObject.prototype.load as (...a: unknown[]) => unknown).apply(mock, args);
        } finally {
          syncing = was;
        }
      };
      proxies.push({ mock, fresh: loadable });
      return mock;
    }

    /** A settable property on a plain object, applied at sync. */
    function setter(obj: Record<string, unknown>, k: string, apply: (v: unknown) => void, bytes = false): void {
      Object.defineProperty(obj, k, {
        enumerable: true,
        set: (v: unknown) => {
          if (bytes) pending.bytes += JSON.stringify(v).length;
          queue.push(() => apply(v));
        },
        get: () => {
          fake.violations.push(`lettura di ${k} non caricata`);
          return undefined;
        },
      });
    }

    const ranges = new WeakMap<object, { sheet: () => FakeSheet; block: () => Block }>();

    /** A range whose sheet and position are resolved when the request runs (they may be created in it). */
    function rangeProxy(sheetFn: () => FakeSheet | undefined, blockFn: () => Block): OfficeMockObject {
      const sheetOf = () => sheetFn() ?? fake.fail('foglio inesistente');
      const at = () => {
        const b = blockFn();
        return `${sheetOf().name}!${a1(b.row, b.col, b.rows, b.cols)}`;
      };
      const withCells = (fn: (sheet: FakeSheet, b: Block) => void) => () => fn(sheetOf(), blockFn());
      const fill: Record<string, unknown> = { clear: () => queue.push(withCells((sheet, b) => fake.forCells(b, (r, c) => sheet.fills.delete(key(r, c))))) };
      setter(fill, 'color', (v) =>
        withCells((sheet, b) => {
          if (sheet.protected) fake.violations.push('formato su foglio protetto');
          fake.forCells(b, (r, c) => sheet.fills.set(key(r, c), String(v)));
        })(),
      );
      const protection: Record<string, unknown> = {};
      setter(protection, 'locked', () => undefined);
      const font: Record<string, unknown> = {};
      setter(font, 'bold', () => undefined);
      const format: Record<string, unknown> = { fill, protection, font };
      setter(format, 'columnWidth', (v) => withCells((sheet, b) => fake.forCols(b, (c) => sheet.widths.set(c, Number(v))))());
      setter(format, 'wrapText', () => undefined);
      const dataValidation: Record<string, unknown> = { clear: () => queue.push(() => sheetOf().validations.delete(at())) };
      setter(dataValidation, 'rule', (v) => sheetOf().validations.set(at(), v), true);
      setter(dataValidation, 'errorAlert', () => undefined);
      setter(dataValidation, 'prompt', () => undefined);
      // ConditionalFormatCollection.add (ExcelApi 1.6): only custom rules with a number format are modelled.
      const conditionalFormats = {
        add: (type: string) => {
          const rule: Record<string, unknown> = {};
          const cfFormat: Record<string, unknown> = {};
          const entry = { address: '', type, formula: '', numberFormat: '', fill: '' };
          queue.push(() => {
            entry.address = at();
            sheetOf().conditionalFormats.push(entry);
          });
          setter(rule, 'formula', (v) => (entry.formula = String(v)));
          setter(cfFormat, 'numberFormat', (v) => (entry.numberFormat = String(v)));
          const cfFill: Record<string, unknown> = {};
          setter(cfFill, 'color', (v) => (entry.fill = String(v)));
          cfFormat.fill = cfFill;
          return { custom: { rule, format: cfFormat } };
        },
      };
      const extra: Record<string, unknown> = {
        format,
        dataValidation,
        conditionalFormats,
        delete: (shift: string) => {
          fake.calls.push(`range.delete(${shift})`);
          queue.push(
            withCells((sheet, b) => {
              fake.deleteUp(sheet, b);
              pending.deletes.push({ sheet, address: a1(b.row, b.col, b.rows, b.cols) });
            }),
          );
        },
        select: () => queue.push(withCells((sheet, b) => (fake.selected = { sheet: sheet.name, address: a1(b.row, b.col) }))),
        clear: () => queue.push(withCells((sheet, b) => fake.forCells(b, (r, c) => sheet.cells.delete(key(r, c))))),
        getEntireColumn: () => rangeProxy(sheetFn, () => ({ row: 0, col: blockFn().col, rows: 1_048_576, cols: blockFn().cols })),
        getColumn: (i: number) => rangeProxy(sheetFn, () => ({ ...blockFn(), col: blockFn().col + i, cols: 1 })),
      };
      setter(extra, 'numberFormat', (v) => sheetOf().numberFormats.push({ address: at(), format: String(v) }));
      setter(extra, 'columnHidden', (v) => withCells((sheet, b) => fake.forCols(b, (c) => (v ? sheet.hiddenColumns.add(c) : sheet.hiddenColumns.delete(c))))());
      const mock = proxy(
        () => {
          const sheet = sheetFn();
          const b = blockFn();
          return { values: sheet ? fake.read(sheet, b) : [], address: sheet ? at() : '', rowIndex: b.row, columnIndex: b.col, rowCount: b.rows, columnCount: b.cols };
        },
        extra,
        {
          values: (v) =>
            withCells((sheet, b) => {
              if (sheet.protected) fake.violations.push(`scrittura su foglio protetto: ${a1(b.row, b.col, b.rows, b.cols)}`);
              for (const cell of (v as Cell[][]).flat()) {
                if (typeof cell === 'string' && /^[=+-]/.test(cell)) fake.violations.push(`formula scritta come valore: ${cell}`);
              }
              fake.write(sheet, b, v as Cell[][]);
              written.push({ sheet, b });
            })(),
        },
      );
      ranges.set(mock, { sheet: sheetOf, block: blockFn });
      return mock;
    }

    function usedProxy(sheet: FakeSheet): OfficeMockObject {
      const end = fake.usedEnd(sheet);
      const m = rangeProxy(() => sheet, () => ({ row: 0, col: 0, rows: Math.max(end, 1), cols: 1 }));
      (m as Record<string, unknown>).isNullObject = end === 0;
      return m;
    }

    function worksheetProxy(getSheet: () => FakeSheet | undefined): OfficeMockObject {
      const s = () => getSheet()!;
      const protection = proxy(() => ({ protected: getSheet()?.protected ?? false }), {
        protect: () => queue.push(() => (s().protected = true)),
        unprotect: () => queue.push(() => (s().protected = false)),
      });
      const handlers = (list: () => FakeSheet['onChanged'], name: string) => ({
        add: (h: (e: unknown) => Promise<unknown>) => {
          fake.calls.push(`${name}.add`);
          queue.push(() => list().push(h));
          return { remove: () => queue.push(() => list().splice(list().indexOf(h), 1)), context: { sync: async () => undefined } };
        },
      });
      const extra: Record<string, unknown> = {
        isNullObject: !getSheet(),
        getRangeByIndexes: (row: number, col: number, rows: number, cols: number) => rangeProxy(getSheet, () => ({ row, col, rows, cols })),
        getRange: (address: string) => rangeProxy(getSheet, () => parseA1(address)[0]!),
        getUsedRangeOrNullObject: () => usedProxy(s()),
        activate: () => queue.push(() => undefined),
        freezePanes: { freezeRows: (n: number) => queue.push(() => (s().frozenRows = n)) },
        protection,
        tables: {
          add: (range: OfficeMockObject, hasHeaders: boolean) => {
            fake.calls.push('tables.add');
            const r = ranges.get(range)!;
            const table = { name: `Tabella${fake.nextId++}` } as FakeTable;
            queue.push(() => {
              const b = r.block();
              Object.assign(table, { sheet: s(), row: b.row, col: b.col, rows: Math.max(b.rows, hasHeaders ? 2 : 1), cols: b.cols });
              fake.tables.push(table);
            });
            return tableProxy(() => table);
          },
        },
        onChanged: handlers(() => s().onChanged, 'onChanged'),
        onSelectionChanged: handlers(() => s().onSelection, 'onSelectionChanged'),
      };
      return proxy(() => ({ name: getSheet()?.name ?? '', id: getSheet()?.id ?? '', visibility: getSheet()?.visibility ?? '' }), extra, {
        visibility: (v) => (s().visibility = String(v)),
      });
    }

    function tableProxy(getTable: () => FakeTable | undefined): OfficeMockObject {
      // Objects keep pointing at what they resolved to first, as Office.js proxies do.
      let found: FakeTable | undefined;
      const t = () => (found ??= getTable())!;
      const sheet = () => (found ??= getTable())?.sheet;
      const columnBody = (label: string) =>
        rangeProxy(sheet, () => ({ row: t().row + 1, col: t().col + fake.header(t().name).indexOf(label), rows: t().rows - 1, cols: 1 }));
      const extra: Record<string, unknown> = {
        isNullObject: !getTable(),
        worksheet: worksheetProxy(sheet),
        getHeaderRowRange: () => rangeProxy(sheet, () => ({ row: t().row, col: t().col, rows: 1, cols: t().cols })),
        getDataBodyRange: () => rangeProxy(sheet, () => ({ row: t().row + 1, col: t().col, rows: t().rows - 1, cols: t().cols })),
        getRange: () => rangeProxy(sheet, () => ({ row: t().row, col: t().col, rows: t().rows, cols: t().cols })),
        convertToRange: () => {
          fake.calls.push('table.convertToRange');
          queue.push(() => fake.tables.splice(fake.tables.indexOf(t()), 1));
        },
        resize: (range: OfficeMockObject) => {
          fake.calls.push('table.resize');
          const r = ranges.get(range)!;
          queue.push(() => {
            const b = r.block();
            Object.assign(t(), { row: b.row, col: b.col, rows: b.rows, cols: b.cols });
          });
        },
        columns: {
          getItem: (label: string) => ({ getDataBodyRange: () => columnBody(label) }),
          add: (_i: unknown, _v: unknown, label: string) => {
            fake.calls.push(`columns.add(${label})`);
            queue.push(() => {
              t().sheet.cells.set(key(t().row, t().col + t().cols), label);
              t().cols += 1;
            });
          },
        },
      };
      return proxy(() => ({ name: getTable()?.name ?? '' }), extra, { name: (v) => (t().name = String(v)) });
    }

    const ctx = proxy(() => ({}), {
      workbook: {
        tables: {
          getItem: (name: string) => tableProxy(() => fake.tables.find((x) => x.name === name) ?? fake.fail(`tabella ${name} inesistente`)),
          getItemOrNullObject: (name: string) => tableProxy(() => fake.tables.find((x) => x.name === name)),
        },
        settings: {
          getItemOrNullObject: (k: string) => proxy(() => ({ value: fake.settings.get(k) ?? '' }), { isNullObject: !fake.settings.has(k) }),
          add: (k: string, v: unknown) => queue.push(() => fake.settings.set(k, v)),
        },
        worksheets: {
          getItem: (name: string) => worksheetProxy(() => fake.sheets.find((x) => x.name === name) ?? fake.fail(`foglio ${name} inesistente`)),
          getItemOrNullObject: (name: string) => worksheetProxy(() => fake.sheets.find((x) => x.name === name)),
          add: (name: string) => {
            fake.calls.push(`worksheets.add(${name})`);
            queue.push(() => fake.sheets.push(fake.newSheet(name)));
            return worksheetProxy(() => fake.sheets.find((x) => x.name === name));
          },
        },
      },
      sync: async () => {
        fake.syncs += 1;
        for (const op of queue.splice(0)) op();
        if (pending.bytes > 0) fake.requestBytes.push(pending.bytes);
        pending.bytes = 0;
        syncing = true;
        for (const p of proxies) {
          const fresh = p.fresh();
          const props = (p.mock as unknown as { _properties: Map<string, { _valueBeforeLoaded: unknown }> })._properties;
          for (const [k, v] of Object.entries(fresh)) {
            const child = props.get(k);
            if (child) child._valueBeforeLoaded = v;
          }
          await OfficeMockObject.prototype.sync.call(p.mock);
        }
        await new Promise((r) => setTimeout(r, 0));
        syncing = false;
        const events = [
          ...written.splice(0).map(({ sheet, b }) => ({ sheet, address: a1(b.row, b.col, b.rows, b.cols), type: 'RangeEdited' })),
          ...pending.deletes.splice(0).map((d) => ({ ...d, type: 'CellDeleted' })),
        ];
        // Excel reports API writes as changes too, after the request completes.
        setTimeout(() => {
          for (const e of events) void fake.fire(e.sheet, e.address, e.type, 'ThisLocalAddin');
        }, 0);
      },
    });
    const result = await batch(ctx as unknown as Excel.RequestContext);
    if (queue.length > 0) this.violations.push(`${queue.length} operazioni lasciate senza sync`);
    return result;
  }

  // ── Model ────────────────────────────────────────────────────────────────

  private fail(message: string): never {
    throw new Error(message);
  }

  private newSheet(name: string): FakeSheet {
    return {
      id: `ws${this.nextId++}`, name, cells: new Map(), fills: new Map(), numberFormats: [], conditionalFormats: [], validations: new Map(),
      hiddenColumns: new Set(), widths: new Map(), protected: false, visibility: 'Visible', frozenRows: 0, onChanged: [], onSelection: [],
    };
  }

  private async fire(s: FakeSheet, address: string, changeType: string, trigger: string): Promise<void> {
    const triggerSource = this.Office.context.requirements.isSetSupported('ExcelApi', '1.14') ? trigger : undefined;
    for (const h of [...s.onChanged]) await h({ address, changeType, source: 'Local', triggerSource, type: 'WorksheetChanged', worksheetId: s.id });
  }

  private forCells(b: Block, fn: (r: number, c: number) => void): void {
    for (let r = b.row; r < b.row + Math.min(b.rows, 100_000); r++) for (let c = b.col; c < b.col + b.cols; c++) fn(r, c);
  }

  private forCols(b: Block, fn: (c: number) => void): void {
    for (let c = b.col; c < b.col + b.cols; c++) fn(c);
  }

  private read(s: FakeSheet, b: Block): Cell[][] {
    if (b.rows > 100_000) return [];
    return Array.from({ length: b.rows }, (_, r) => Array.from({ length: b.cols }, (_, c) => s.cells.get(key(b.row + r, b.col + c)) ?? ''));
  }

  /** Writes a block; a block starting right under a table makes it grow (Excel's auto-expansion). */
  private write(s: FakeSheet, b: Block, values: Cell[][]): void {
    if (values.length !== b.rows || values.some((r) => r.length !== b.cols)) throw new Error(`dimensioni errate per ${a1(b.row, b.col, b.rows, b.cols)}`);
    for (const t of this.tables) if (t.sheet === s && b.row === t.row + t.rows && b.col >= t.col && b.col < t.col + t.cols) t.rows += b.rows;
    values.forEach((line, r) =>
      line.forEach((v, c) => {
        let cell = v;
        if (typeof cell === 'string' && cell.startsWith("'")) cell = cell.slice(1);
        if (cell === '') s.cells.delete(key(b.row + r, b.col + c));
        else s.cells.set(key(b.row + r, b.col + c), cell);
      }),
    );
  }

  private deleteUp(s: FakeSheet, b: Block): void {
    const moved = new Map<string, Cell>();
    for (const [k, v] of s.cells) {
      const [r, c] = k.split(',').map(Number) as [number, number];
      const inCols = c >= b.col && c < b.col + b.cols;
      if (inCols && r >= b.row && r < b.row + b.rows) continue;
      moved.set(inCols && r >= b.row + b.rows ? key(r - b.rows, c) : k, v);
    }
    s.cells = moved;
    for (const t of this.tables) {
      if (t.sheet !== s || b.col > t.col || b.col + b.cols < t.col + t.cols) continue;
      const overlap = Math.max(0, Math.min(t.row + t.rows, b.row + b.rows) - Math.max(t.row + 1, b.row));
      t.rows = Math.max(2, t.rows - overlap);
    }
  }

  private usedEnd(s: FakeSheet): number {
    let end = 0;
    for (const k of s.cells.keys()) end = Math.max(end, Number(k.split(',')[0]) + 1);
    return end;
  }
}
