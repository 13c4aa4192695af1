import { useEffect, useRef, useState } from 'react';
import type * as Y from 'yjs';
import type { PlanSettings, SheetId } from '@piao/shared/schema/types';
import type { Issue } from '@piao/shared/validate/issue';
import { bindSheets, type Binding } from '../excel/binder';
import type { BindingNotice } from '../excel/sheet-binding';
import { MemoryHost } from '../excel/memory-host';
import { createOfficeHost } from '../excel/office-host';
import type { HostSelection, SheetHost } from '../excel/sheet-host';

export type BindingMode = 'excel' | 'browser';

export interface SheetBindingState {
  host: SheetHost | null;
  binding: Binding | null;
  /** True once the first content is in the sheets. */
  ready: boolean;
  error: string | null;
  /** Last progress reported by the binder (`sheet: rows`). */
  status: string | null;
  /**
   * The `room` option this state belongs to. Right after the room changes, the state is still the
   * previous room's (ready, with its binding) until the new binding exists.
   */
  room: string | null;
  /** Italian messages of sheets whose writes keep failing (the binder retries them), by sheet. */
  problems: Readonly<Record<string, string>>;
  /** What the binder did that the user must know (rows deleted in the workbook while the pane was closed). */
  notices: readonly BindingNotice[];
}

const EMPTY: SheetBindingState = { host: null, binding: null, ready: false, error: null, status: null, room: null, problems: {}, notices: [] };

interface Options {
  mode: BindingMode;
  /** Excel binds only after the user asks ("Apri in Excel"); the browser grids always. */
  active: boolean;
  doc: Y.Doc | null;
  /** Identity of the room, so switching sector re-binds. */
  room: string;
  sheets: readonly SheetId[];
  readOnly: boolean;
  settings: PlanSettings;
  issues: readonly Issue[];
  onSelection: (sel: HostSelection) => void;
  /** The host to bind (tests); default: Office.js in Excel, a new in-memory host in the browser. */
  createHost?: () => SheetHost;
}

/**
 * Binds the room's sheets to a spreadsheet host — Excel through Office.js, or the in-memory host the
 * browser grids render — and keeps issue marks and selection flowing. Re-binds when the room or the
 * read-only state changes; disposes on unmount.
 */
export function useSheetBinding(o: Options): SheetBindingState {
  const [state, setState] = useState<SheetBindingState>(EMPTY);
  const selRef = useRef(o.onSelection);
  selRef.current = o.onSelection;
  const settingsRef = useRef(o.settings);
  settingsRef.current = o.settings;

  useEffect(() => {
    if (!o.active || !o.doc) {
      setState(EMPTY);
      return;
    }
    let cancelled = false;
    let host: SheetHost;
    try {
      host = o.createHost ? o.createHost() : o.mode === 'excel' ? createOfficeHost() : new MemoryHost();
    } catch (err) {
      setState({ ...EMPTY, error: err instanceof Error ? err.message : String(err), room: o.room });
      return;
    }
    const binding = bindSheets({
      doc: o.doc,
      host,
      sheets: [...o.sheets],
      readOnly: o.readOnly,
      settings: settingsRef.current,
      // Bound only once the room synced with the server in this session (useBindableDoc).
      synced: true,
      onStatus: (s) => {
        if (cancelled) return;
        setState((prev) => {
          const problems = { ...prev.problems };
          if (s.problem) problems[s.sheet] = s.problem;
          else delete problems[s.sheet];
          return { ...prev, status: `${s.sheet}: ${s.rows}`, problems };
        });
      },
      onNotice: (n) => {
        if (!cancelled) setState((prev) => ({ ...prev, notices: [...prev.notices, n] }));
      },
      onError: (err) => {
        console.error('[piao] collegamento dei fogli:', err);
        if (!cancelled) setState((prev) => ({ ...prev, error: err instanceof Error ? err.message : String(err) }));
      },
    });
    const offSel = host.onSelection((sel) => selRef.current(sel));
    setState({ ...EMPTY, host, binding, room: o.room });
    binding.ready.then(
      () => !cancelled && setState((prev) => ({ ...prev, ready: true })),
      (err: unknown) => !cancelled && setState((prev) => ({ ...prev, error: err instanceof Error ? err.message : String(err) })),
    );
    return () => {
      cancelled = true;
      offSel();
      binding.dispose();
      host.dispose?.();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- sheets follow the room; settings are read at bind time
  }, [o.active, o.doc, o.room, o.mode, o.readOnly]);

  useEffect(() => {
    if (!state.binding) return;
    void Promise.resolve(state.binding.markIssues([...o.issues])).catch(() => {
      // Marks are a convenience; the pane's list stays authoritative.
    });
  }, [state.binding, o.issues]);

  return state;
}
