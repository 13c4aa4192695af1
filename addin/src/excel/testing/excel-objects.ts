import { a1 } from '../office-values';
import { parseA1, type Block } from '../office-layout';
import type { ExcelModel, ModelSheet, ModelTable } from './excel-model';

/**
 * The Office.js-shaped objects of the Excel model (see excel-model.ts for the documented behaviours).
 * Everything follows the proxy model of "Excel JavaScript object model in Office Add-ins"
 * (https://learn.microsoft.com/office/dev/add-ins/excel/excel-add-ins-core-concepts): calls and property
 * writes are queued and applied at `context.sync()`, in order; a property can be read only after
 * `load` and `sync` (PropertyNotLoaded otherwise); `*OrNullObject` methods give an object whose
 * `isNullObject` is known after the sync.
 */

export class ModelError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'RichApi.Error';
  }
}

type Op = () => void;

/** One request context: the queue of the current batch and the objects it created. */
export class ModelContext {
  readonly queue: Op[] = [];
  readonly loaded: Array<() => void> = [];
  requestBytes = 0;
  responseBytes = 0;
  readonly workbook: WorkbookObj;

  constructor(
    readonly model: ExcelModel,
    readonly delayForCellEdit: boolean,
  ) {
    this.workbook = new WorkbookObj(this);
  }

  sync(): Promise<void> {
    return this.model.syncContext(this);
  }

  /** Queues a write; `bytes` is what it adds to the request payload. */
  op(fn: Op, bytes = 60): void {
    this.requestBytes += bytes;
    this.queue.push(fn);
  }
}

/** The top-level property names of a `load` argument ('a, b/c', ['a'], { a: true }); null: all of them. */
function loadedNames(props: unknown): Set<string> | null {
  if (props === undefined || props === null) return null;
  const list = Array.isArray(props) ? props : typeof props === 'string' ? props.split(',') : typeof props === 'object' ? Object.keys(props as object) : [];
  return new Set(list.map((p) => String(p).trim().split('/')[0]!).filter(Boolean));
}

/** Loadable properties: readable only after load + sync, as the proxy objects of Office.js. */
abstract class Loadable {
  private snap: Record<string, unknown> | null = null;
  isNullObjectValue: boolean | undefined;

  constructor(readonly ctx: ModelContext) {}

  protected abstract read(): Record<string, unknown>;
  protected exists(): boolean {
    return true;
  }

  /**
   * Excel returns only the properties asked for ("Call load on an object to read its properties": a
   * `load` without arguments loads all of them), and the response size counts only those; loads add up.
   */
  load(props?: unknown): this {
    const wanted = loadedNames(props);
    this.ctx.queue.push(() => {
      const exists = this.exists();
      this.isNullObjectValue = !exists;
      if (!exists) return;
      const all = this.read();
      const picked = wanted ? Object.fromEntries(Object.entries(all).filter(([k]) => wanted.has(k))) : all;
      this.snap = { ...(this.snap ?? {}), ...picked };
      this.ctx.responseBytes += JSON.stringify(picked).length;
    });
    return this;
  }

  get isNullObject(): boolean {
    if (this.isNullObjectValue === undefined) throw new ModelError('PropertyNotLoaded', 'isNullObject letto prima di sync');
    return this.isNullObjectValue;
  }

  protected prop<T>(name: string): T {
    if (!this.snap || !(name in this.snap)) {
      this.ctx.model.violations.push(`lettura di ${name} senza load/sync`);
      throw new ModelError('PropertyNotLoaded', `La proprietà ${name} non è stata caricata.`);
    }
    return this.snap[name] as T;
  }
}

/**
 * Formatting objects accept any property and method (fonts, borders, conditional formats…): they are
 * recorded, and the few the model gives a meaning to are applied.
 */
function bag(ctx: ModelContext, path: string, hooks: Record<string, (v: unknown) => void>, guard: () => void): object {
  return new Proxy(Object.create(null) as object, {
    get(_t, p) {
      if (typeof p === 'symbol' || p === 'then') return undefined;
      const full = `${path}.${p}`;
      if (hooks[full + '()']) return (...args: unknown[]) => ctx.op(() => (guard(), hooks[full + '()']!(args)));
      if (p === 'load') return () => bag(ctx, path, hooks, guard);
      if (p === 'add') return () => bag(ctx, `${full}()`, hooks, guard);
      if (p === 'clear' || p === 'delete') return () => ctx.op(guard);
      return bag(ctx, full, hooks, guard);
    },
    set(_t, p, v) {
      const full = `${path}.${String(p)}`;
      ctx.op(() => {
        guard();
        hooks[full]?.(v);
      }, JSON.stringify(v ?? null).length + 40);
      return true;
    },
  });
}

export class RangeObj extends Loadable {
  readonly format: object;
  readonly dataValidation: object;
  readonly conditionalFormats: object;

  constructor(
    ctx: ModelContext,
    private readonly sheetFn: () => ModelSheet,
    private readonly blockFn: () => Block,
    private readonly nullable = false,
  ) {
    super(ctx);
    const m = ctx.model;
    const guardFormat = () => m.guardFormat(this.sheet());
    this.format = bag(ctx, 'format', {
      'format.fill.color': (v) => m.forCells(this.block(), (r, c) => this.sheet().fills.set(`${r},${c}`, String(v))),
      'format.fill.clear()': () => m.forCells(this.block(), (r, c) => this.sheet().fills.delete(`${r},${c}`)),
      'format.protection.locked': (v) => this.sheet().locks.push({ b: this.block(), locked: !!v }),
      'format.columnWidth': (v) => m.forCols(this.block(), (c) => (this.sheet().widths ??= new Map()).set(c, Number(v))),
    }, guardFormat);
    this.dataValidation = bag(ctx, 'dataValidation', {
      'dataValidation.rule': (v) => this.sheet().validations.set(this.addr(), v),
      'dataValidation.clear()': () => this.sheet().validations.delete(this.addr()),
    }, guardFormat);
    const cf = (property: string) => (v: unknown) => (this.sheet().conditionalFormats ??= []).push({ address: this.addr(), property, value: String(v) });
    this.conditionalFormats = bag(ctx, 'conditionalFormats', {
      'conditionalFormats.add().custom.rule.formula': cf('formula'),
      'conditionalFormats.add().custom.format.fill.color': cf('fill'),
      'conditionalFormats.add().custom.format.numberFormat': cf('numberFormat'),
    }, guardFormat);
  }

  sheet(): ModelSheet {
    return this.sheetFn();
  }

  block(): Block {
    return this.blockFn();
  }

  private addr(): string {
    const b = this.block();
    return `${this.sheet().name}!${a1(b.row, b.col, b.rows, b.cols)}`;
  }

  protected override exists(): boolean {
    if (!this.nullable) return true;
    return this.ctx.model.usedBlock(this.sheet()) !== null;
  }

  protected read(): Record<string, unknown> {
    const b = this.block();
    const raw = b.rows > 100_000 ? [] : Array.from({ length: b.rows }, (_, r) => Array.from({ length: b.cols }, (_, c) => this.sheet().cells.get(`${b.row + r},${b.col + c}`) ?? ''));
    return { values: this.ctx.model.read(this.sheet(), b), formulasR1C1: raw, address: this.addr(), rowIndex: b.row, columnIndex: b.col, rowCount: b.rows, columnCount: b.cols };
  }

  get values(): unknown[][] {
    return this.prop('values');
  }
  set values(v: unknown[][]) {
    const bytes = JSON.stringify(v).length;
    this.ctx.op(() => this.ctx.model.apiWrite(this.sheet(), this.block(), v as Array<Array<string | number | boolean>>), bytes + 60);
  }
  get formulasR1C1(): unknown[][] {
    return this.prop('formulasR1C1');
  }
  /** Range.formulasR1C1 (ExcelApi 1.2): kept as the cells' content, calculated when read. */
  set formulasR1C1(v: unknown[][]) {
    const bytes = JSON.stringify(v).length;
    this.ctx.op(() => this.ctx.model.apiWrite(this.sheet(), this.block(), v as Array<Array<string | number | boolean>>, true), bytes + 60);
  }
  get address(): string {
    return this.prop('address');
  }
  get rowIndex(): number {
    return this.prop('rowIndex');
  }
  get columnIndex(): number {
    return this.prop('columnIndex');
  }
  get rowCount(): number {
    return this.prop('rowCount');
  }
  get columnCount(): number {
    return this.prop('columnCount');
  }
  set numberFormat(v: unknown) {
    this.ctx.op(() => {
      this.ctx.model.guardFormat(this.sheet());
      this.sheet().numberFormats.push({ address: this.addr(), format: String(v) });
    });
  }
  set columnHidden(v: boolean) {
    this.ctx.op(() => this.ctx.model.forCols(this.block(), (c) => (v ? this.sheet().hiddenColumns.add(c) : this.sheet().hiddenColumns.delete(c))));
  }

  delete(shift: string): void {
    this.ctx.model.calls.push(`range.delete(${shift})`);
    this.ctx.op(() => this.ctx.model.apiDelete(this.sheet(), this.block()));
  }
  insert(shift: string): RangeObj {
    this.ctx.model.calls.push(`range.insert(${shift})`);
    this.ctx.op(() => this.ctx.model.apiInsert(this.sheet(), this.block()));
    return this;
  }
  clear(_applyTo?: string): void {
    this.ctx.op(() => this.ctx.model.apiWrite(this.sheet(), this.block(), null));
  }
  select(): void {
    this.ctx.op(() => {
      const b = this.block();
      this.ctx.model.selected = { sheet: this.sheet().name, address: a1(b.row, b.col) };
    });
  }
  getEntireColumn(): RangeObj {
    return new RangeObj(this.ctx, this.sheetFn, () => ({ row: 0, col: this.block().col, rows: 1_048_576, cols: this.block().cols }));
  }
  getColumn(i: number): RangeObj {
    return new RangeObj(this.ctx, this.sheetFn, () => ({ ...this.block(), col: this.block().col + i, cols: 1 }));
  }
  getRow(i: number): RangeObj {
    return new RangeObj(this.ctx, this.sheetFn, () => ({ ...this.block(), row: this.block().row + i, rows: 1 }));
  }
  getCell(r: number, c: number): RangeObj {
    return new RangeObj(this.ctx, this.sheetFn, () => ({ row: this.block().row + r, col: this.block().col + c, rows: 1, cols: 1 }));
  }
}

class ProtectionObj extends Loadable {
  constructor(
    ctx: ModelContext,
    private readonly sheetFn: () => ModelSheet,
  ) {
    super(ctx);
  }
  protected read() {
    return { protected: this.sheetFn().protected };
  }
  get protected(): boolean {
    return this.prop('protected');
  }
  protect(_options?: unknown): void {
    this.ctx.op(() => (this.sheetFn().protected = true));
  }
  unprotect(_password?: string): void {
    this.ctx.op(() => (this.sheetFn().protected = false));
  }
}

type Handler = (e: unknown) => Promise<unknown>;

class EventSlot {
  constructor(
    private readonly ctx: ModelContext,
    private readonly list: () => Handler[],
    private readonly name: string,
  ) {}
  add(h: Handler) {
    const ctx = this.ctx;
    ctx.model.calls.push(`${this.name}.add`);
    ctx.op(() => this.list().push(h));
    const list = this.list;
    return {
      context: ctx,
      // Office.js: "The same RequestContext object that the handler was added in must be used when
      // removing the handler" (OfficeExtension.EventHandlerResult); the model checks it.
      remove: () => {
        const current = ctx.model.currentContexts;
        if (!current.has(ctx)) ctx.model.violations.push('gestore rimosso fuori dal suo RequestContext');
        ctx.op(() => {
          const i = list().indexOf(h);
          if (i >= 0) list().splice(i, 1);
        });
      },
    };
  }
}

export class WorksheetObj extends Loadable {
  readonly protection: ProtectionObj;
  readonly onChanged: EventSlot;
  readonly onSelectionChanged: EventSlot;
  readonly freezePanes: { freezeRows(n: number): void };
  readonly tables: { add(range: RangeObj, hasHeaders: boolean): TableObj };

  constructor(
    ctx: ModelContext,
    private readonly find: () => ModelSheet | undefined,
  ) {
    super(ctx);
    this.protection = new ProtectionObj(ctx, () => this.sheet());
    this.onChanged = new EventSlot(ctx, () => this.sheet().changed, 'onChanged');
    this.onSelectionChanged = new EventSlot(ctx, () => this.sheet().selection, 'onSelectionChanged');
    this.freezePanes = { freezeRows: (n) => ctx.op(() => (this.sheet().frozenRows = n)) };
    this.tables = {
      add: (range, hasHeaders) => {
        ctx.model.calls.push('tables.add');
        const holder: { t?: ModelTable } = {};
        ctx.op(() => (holder.t = ctx.model.addTable(range.sheet(), range.block(), hasHeaders)));
        return new TableObj(ctx, () => holder.t);
      },
    };
  }

  sheet(): ModelSheet {
    const s = this.find();
    if (!s) throw new ModelError('ItemNotFound', 'Il foglio di lavoro richiesto non esiste.');
    return s;
  }

  protected override exists() {
    return this.find() !== undefined;
  }
  protected read() {
    const s = this.sheet();
    return { name: s.name, id: s.id, visibility: s.visibility };
  }
  get name(): string {
    return this.prop('name');
  }
  get visibility(): string {
    return this.prop('visibility');
  }
  set visibility(v: string) {
    this.ctx.op(() => (this.sheet().visibility = v));
  }
  getRangeByIndexes(row: number, col: number, rows: number, cols: number): RangeObj {
    return new RangeObj(this.ctx, () => this.sheet(), () => ({ row, col, rows, cols }));
  }
  getRange(address?: string): RangeObj {
    return new RangeObj(this.ctx, () => this.sheet(), () => (address ? parseA1(address)[0]! : { row: 0, col: 0, rows: 1_048_576, cols: 16_384 }));
  }
  getUsedRangeOrNullObject(_valuesOnly?: boolean): RangeObj {
    return new RangeObj(this.ctx, () => this.sheet(), () => this.ctx.model.usedBlock(this.sheet()) ?? { row: 0, col: 0, rows: 1, cols: 1 }, true);
  }
  activate(): void {
    this.ctx.op(() => undefined);
  }
}

export class TableObj extends Loadable {
  private found: ModelTable | undefined;
  readonly columns: { getItem(label: string): { getDataBodyRange(): RangeObj }; add(index?: number, values?: unknown, name?: string): void };
  readonly rows: { deleteRowsAt(index: number, count?: number): void };

  constructor(
    ctx: ModelContext,
    private readonly find: () => ModelTable | undefined,
  ) {
    super(ctx);
    const m = ctx.model;
    this.columns = {
      getItem: (label) => ({
        getDataBodyRange: () =>
          new RangeObj(ctx, () => this.table().sheet, () => {
            const t = this.table();
            const c = m.header(t.name).indexOf(label);
            if (c < 0) throw new ModelError('ItemNotFound', `Colonna ${label} inesistente`);
            return { row: t.row + 1, col: t.col + c, rows: m.bodyRows(t), cols: 1 };
          }),
      }),
      add: (_index, _values, name) => {
        m.calls.push(`columns.add(${name})`);
        ctx.op(() => m.addTableColumn(this.table(), String(name ?? '')));
      },
    };
    this.rows = {
      // TableRowCollection.deleteRowsAt: "throws the InsertDeleteConflict error if the table … has a filter applied".
      deleteRowsAt: (index, count = 1) => {
        m.calls.push('rows.deleteRowsAt');
        ctx.op(() => {
          const t = this.table();
          m.apiDelete(t.sheet, { row: t.row + 1 + index, col: t.col, rows: count, cols: t.cols });
        });
      },
    };
  }

  table(): ModelTable {
    this.found ??= this.find();
    if (!this.found) throw new ModelError('ItemNotFound', 'La tabella richiesta non esiste.');
    return this.found;
  }

  protected override exists() {
    return (this.found ??= this.find()) !== undefined;
  }
  protected read() {
    const t = this.table();
    return { name: t.name, showTotals: t.totals };
  }
  get name(): string {
    return this.prop('name');
  }
  set name(v: string) {
    this.ctx.op(() => (this.table().name = v));
  }
  get showTotals(): boolean {
    return this.prop('showTotals');
  }
  /** Table.autoFilter (ExcelApi 1.9): `isDataFiltered` says whether the user's filter hides rows. */
  get autoFilter(): AutoFilterObj {
    return new AutoFilterObj(this.ctx, () => this.table());
  }
  get worksheet(): WorksheetObj {
    return new WorksheetObj(this.ctx, () => this.table().sheet);
  }
  private range(fn: (t: ModelTable) => Block): RangeObj {
    return new RangeObj(this.ctx, () => this.table().sheet, () => fn(this.table()));
  }
  getHeaderRowRange(): RangeObj {
    return this.range((t) => ({ row: t.row, col: t.col, rows: 1, cols: t.cols }));
  }
  getDataBodyRange(): RangeObj {
    return this.range((t) => ({ row: t.row + 1, col: t.col, rows: this.ctx.model.bodyRows(t), cols: t.cols }));
  }
  getTotalRowRange(): RangeObj {
    return this.range((t) => {
      if (!t.totals) throw new ModelError('InvalidOperation', 'La tabella non ha la riga dei totali.');
      return { row: t.row + t.rows - 1, col: t.col, rows: 1, cols: t.cols };
    });
  }
  getRange(): RangeObj {
    return this.range((t) => ({ row: t.row, col: t.col, rows: t.rows, cols: t.cols }));
  }
  resize(range: RangeObj): void {
    this.ctx.model.calls.push('table.resize');
    this.ctx.model.requireApi('1.13', 'Table.resize');
    this.ctx.op(() => this.ctx.model.resizeTable(this.table(), range.block()));
  }
  convertToRange(): RangeObj {
    this.ctx.model.calls.push('table.convertToRange');
    this.ctx.op(() => this.ctx.model.removeTable(this.table()));
    return this.getRange();
  }
  clearFilters(): void {
    this.ctx.op(() => this.ctx.model.setFilter(this.table(), null));
  }
}

class AutoFilterObj extends Loadable {
  constructor(
    ctx: ModelContext,
    private readonly tableFn: () => ModelTable,
  ) {
    super(ctx);
  }
  protected read() {
    return { isDataFiltered: this.tableFn().filter !== null, enabled: true };
  }
  get isDataFiltered(): boolean {
    return this.prop('isDataFiltered');
  }
  clearCriteria(): void {
    this.ctx.op(() => this.ctx.model.setFilter(this.tableFn(), null));
  }
}

class SettingObj extends Loadable {
  constructor(
    ctx: ModelContext,
    private readonly name: string,
    private readonly nullable: boolean,
  ) {
    super(ctx);
  }
  protected override exists() {
    return !this.nullable || this.ctx.model.settings.has(this.name);
  }
  protected read() {
    if (!this.ctx.model.settings.has(this.name)) throw new ModelError('ItemNotFound', `Impostazione ${this.name} inesistente`);
    return { key: this.name, value: this.ctx.model.settings.get(this.name) };
  }
  get value(): unknown {
    return this.prop('value');
  }
  get key(): string {
    return this.prop('key');
  }
  delete(): void {
    this.ctx.op(() => this.ctx.model.settings.delete(this.name));
  }
}

class SettingsObj extends Loadable {
  protected read() {
    return { items: [...this.ctx.model.settings].map(([key, value]) => ({ key, value })) };
  }
  get items(): Array<{ key: string; value: unknown }> {
    return this.prop('items');
  }
  add(key: string, value: unknown): SettingObj {
    this.ctx.op(() => this.ctx.model.settings.set(key, value), JSON.stringify(value ?? null).length + key.length + 60);
    return new SettingObj(this.ctx, key, false);
  }
  getItem(key: string): SettingObj {
    return new SettingObj(this.ctx, key, false);
  }
  getItemOrNullObject(key: string): SettingObj {
    return new SettingObj(this.ctx, key, true);
  }
}

export class WorkbookObj {
  readonly tables: { getItem(name: string): TableObj; getItemOrNullObject(name: string): TableObj };
  readonly worksheets: { getItem(name: string): WorksheetObj; getItemOrNullObject(name: string): WorksheetObj; add(name: string): WorksheetObj };
  /** Workbook.settings (ExcelApi 1.4): key/value pairs saved with the document, per add-in. */
  readonly settings: SettingsObj;

  constructor(ctx: ModelContext) {
    const m = ctx.model;
    const table = (name: string) => m.tables.find((t) => t.name === name);
    const sheet = (name: string) => m.sheets.find((s) => s.name === name);
    this.tables = {
      getItem: (name) => new TableObj(ctx, () => table(name)),
      getItemOrNullObject: (name) => new TableObj(ctx, () => table(name)),
    };
    this.worksheets = {
      getItem: (name) => new WorksheetObj(ctx, () => sheet(name)),
      getItemOrNullObject: (name) => new WorksheetObj(ctx, () => sheet(name)),
      add: (name) => {
        m.calls.push(`worksheets.add(${name})`);
        ctx.op(() => m.addSheet(name));
        return new WorksheetObj(ctx, () => sheet(name));
      },
    };
    this.settings = new SettingsObj(ctx);
  }
}
