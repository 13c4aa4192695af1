import type * as Y from 'yjs';
import type { PlanSettings, SectorSheetId, SheetId } from '@piao/shared/schema/index';
import type { Issue } from '@piao/shared/validate/issue';
import { SheetBinding, type BindingNotice, type BindingStatus } from './sheet-binding';
import { RECORD_ROW_ID, type InvalidMark, type SheetHost } from './sheet-host';

/** Runs `fn` once, soon; returns a cancel function. */
export type FrameScheduler = (fn: () => void) => () => void;

export interface BindOptions {
  doc: Y.Doc;
  host: SheetHost;
  sheets: readonly SectorSheetId[] | readonly SheetId[];
  /** Read-only room (viewer, or an editor outside their sector): edits in the host are reverted. */
  readOnly: boolean;
  /** Plan settings; reserved for columns whose relevance depends on them (not used yet). */
  settings?: PlanSettings;
  /**
   * Whether the document has loaded from the cache AND synced with the server in this session.
   * `false`, or a promise not yet resolved: the binder never removes workbook rows that the document
   * lacks (it may just not have them yet); when the promise resolves every sheet is reconciled again.
   * Default `true` (the caller binds only after the sync).
   */
  synced?: boolean | Promise<unknown>;
  /** Sheet row count, and an Italian `problem` while writes to Excel keep failing (retried meanwhile). */
  onStatus?(s: BindingStatus): void;
  /** Rows deleted in the workbook while the pane was closed, deleted in the document too (Italian message). */
  onNotice?(n: BindingNotice): void;
  /** Host failures (a write Excel refused, a sheet it could not create); default: `console.error`. */
  onError?(error: unknown): void;
  /** How remote changes are collected before writing them; default: one animation frame. */
  schedule?: FrameScheduler;
  /** Delay before retrying a failed write; default 250 ms doubling up to 8 s. */
  retryDelay?: (attempt: number) => number;
  /** Quiet time before the last-synced snapshot is saved in the workbook; default 500 ms. */
  persistDelay?: number;
}

export interface Binding {
  /** Resolves when every sheet exists in the host and matches the document. */
  ready: Promise<void>;
  /** Shows validation issues as marked cells (replacing the previous ones). */
  markIssues(issues: Issue[]): Promise<void>;
  /** Jumps to a row (and column) in the host. */
  select(sheet: SheetId, rowId: string, column?: string | null): Promise<void>;
  /** Saves the last-synced snapshot of every sheet in the workbook now. */
  persist(): Promise<void>;
  /** Stops both directions (the snapshot is saved first, without waiting). */
  dispose(): void;
}

/**
 * One animation frame, with a timer as a fallback: hidden panes get no frames, and remote changes
 * must still reach the workbook.
 */
export const nextFrame: FrameScheduler = (fn) => {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    fn();
  };
  const timer = setTimeout(once, 100);
  const raf = typeof requestAnimationFrame === 'function' ? requestAnimationFrame(once) : null;
  if (raf === null) {
    clearTimeout(timer);
    const t = setTimeout(once, 16);
    return () => clearTimeout(t);
  }
  return () => {
    done = true;
    clearTimeout(timer);
    cancelAnimationFrame(raf);
  };
};

/**
 * Binds sheets of one room's Y.Doc to a host (Excel or the browser grid), both ways: user edits become
 * one transaction each (origin `host.origin`); changes from elsewhere are collected for a frame and
 * written as one batch per sheet. Transactions with the host's own origin are never echoed back.
 */
export function bindSheets(opts: BindOptions): Binding {
  const { doc, host } = opts;
  const schedule = opts.schedule ?? nextFrame;
  const onError = opts.onError ?? ((e: unknown) => console.error('[piao] binding Excel:', e));
  let cancelFrame: (() => void) | null = null;
  let disposed = false;
  let synced = opts.synced === undefined || opts.synced === true;
  const retryDelay = opts.retryDelay ?? ((n: number) => Math.min(8000, 250 * 2 ** Math.max(0, n - 1)));

  const requestFlush = () => {
    if (cancelFrame || disposed) return;
    cancelFrame = schedule(() => {
      cancelFrame = null;
      for (const b of bindings.values()) void b.flush();
    });
  };

  const bindings = new Map<SheetId, SheetBinding>();
  for (const sheet of new Set<SheetId>(opts.sheets)) {
    bindings.set(
      sheet,
      new SheetBinding(sheet, {
        doc, host, readOnly: opts.readOnly, requestFlush, onStatus: opts.onStatus, onNotice: opts.onNotice, onError,
        synced: () => synced, retryDelay, persistDelay: opts.persistDelay ?? 500,
      }),
    );
  }

  const unobserve: Array<() => void> = [];
  for (const b of bindings.values()) {
    const map = doc.getMap(b.sheet);
    const handler = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>, txn: Y.Transaction) => {
      if (txn.origin !== host.origin) b.observe(events, map);
    };
    map.observeDeep(handler);
    unobserve.push(() => map.unobserveDeep(handler));
  }
  const offEdit = host.onUserEdit((edit) => bindings.get(edit.sheet)?.handleEdit(edit));

  const ready = (async () => {
    // One sheet at a time, so new worksheets appear in a predictable order; a sheet that fails does
    // not keep the others from binding.
    let failure: unknown = null;
    for (const b of bindings.values()) {
      if (disposed) return;
      try {
        await b.load();
      } catch (err) {
        failure ??= err;
        onError(err);
      }
    }
    if (failure !== null) throw failure;
  })();

  if (opts.synced instanceof Promise) {
    // Rows left alone while the document was unsynced are settled now, against the synced document.
    void Promise.all([opts.synced, ready.catch(() => undefined)]).then(async () => {
      synced = true;
      for (const b of bindings.values()) if (!disposed && b.ready) await b.resync();
    });
  }

  return {
    ready,
    async markIssues(issues) {
      const bySheet = new Map<SheetId, InvalidMark[]>();
      for (const issue of issues) {
        const b = bindings.get(issue.sheet);
        if (!b) continue;
        const rowId = b.def.kind === 'record' ? RECORD_ROW_ID : issue.rowId;
        if (!rowId) continue;
        const list = bySheet.get(issue.sheet) ?? [];
        list.push({ rowId, column: issue.column, message: issue.message, severity: issue.severity });
        bySheet.set(issue.sheet, list);
      }
      await Promise.all([...bindings.values()].map((b) => b.setIssueMarks(bySheet.get(b.sheet) ?? [])));
    },
    async select(sheet, rowId, column = null) {
      const b = bindings.get(sheet);
      if (!b) return;
      // Rows that came from elsewhere wait for the next frame; the one to select may be among them.
      await b.flush();
      await host.select(sheet, b.def.kind === 'record' ? RECORD_ROW_ID : rowId, column);
    },
    async persist() {
      await Promise.all([...bindings.values()].map((b) => b.persist()));
    },
    dispose() {
      for (const b of bindings.values()) void b.persist();
      disposed = true;
      cancelFrame?.();
      cancelFrame = null;
      for (const off of unobserve) off();
      offEdit();
      for (const b of bindings.values()) b.dispose();
    },
  };
}
