import { useCallback, useEffect, useRef, useState } from 'react';
import type { HistoryItem } from '@piao/shared/doc/history';
import type { PiaoApi } from './api';

export interface HistoryScope {
  /** Sector id or `_piano`; with `sheet` and `rowId`, one row's history; without, the whole plan. */
  room?: string;
  sheet?: string;
  rowId?: string;
  column?: string;
}

export interface HistoryState {
  entries: HistoryItem[];
  loading: boolean;
  error: string | null;
  hasMore: boolean;
  more: () => void;
  refresh: () => void;
}

export const HISTORY_PAGE = 30;
/** Documents change in bursts while people type: the history is re-read once they pause. */
export const HISTORY_REFRESH_MS = 800;

/**
 * The newest entries of a row, a cell or the whole plan, from the server's indexed history; re-read
 * (debounced) when `version` moves, i.e. when the documents changed.
 */
export function useHistory(ente: string, triennio: string, scope: HistoryScope | null, version: number, api: PiaoApi): HistoryState {
  const [entries, setEntries] = useState<HistoryItem[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  const request = useRef(0);
  const key = scope ? JSON.stringify(scope) : null;

  const load = useCallback(
    async (before: number | undefined, append: boolean) => {
      if (!scope) return;
      const id = ++request.current;
      setLoading(true);
      try {
        const page = await api.history(ente, triennio, { order: 'desc', limit: HISTORY_PAGE, before, room: scope.room, sheet: scope.sheet, row: scope.rowId, column: scope.column });
        if (id !== request.current) return;
        setEntries((old) => (append ? [...old, ...page.entries] : page.entries));
        setNext(page.next);
        setError(null);
      } catch (e) {
        if (id === request.current) setError(e instanceof Error ? e.message : String(e));
      } finally {
        if (id === request.current) setLoading(false);
      }
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the scope's content is in `key`
    [api, ente, triennio, key],
  );

  useEffect(() => {
    setEntries([]);
    setNext(null);
    if (!key) return;
    void load(undefined, false);
  }, [key, load, reload]);

  // Later document changes: re-read the first page once edits pause (the server decodes only new records).
  const first = useRef(true);
  useEffect(() => {
    if (first.current || !key) {
      first.current = false;
      return;
    }
    const timer = setTimeout(() => void load(undefined, false), HISTORY_REFRESH_MS);
    return () => clearTimeout(timer);
  }, [version, key, load]);

  return {
    entries,
    loading,
    error,
    hasMore: next !== null,
    more: () => next !== null && void load(next, true),
    refresh: () => setReload((x) => x + 1),
  };
}
