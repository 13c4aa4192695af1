import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';
import { readSheet } from '@piao/shared/doc/rows';
import {
  Button,
  Caption1,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  makeStyles,
  mergeClasses,
  tokens,
} from '@fluentui/react-components';
import type { SheetId } from '@piao/shared/schema/index';
import { markKey, type MemoryHost } from '../excel/memory-host';
import type { HostValue } from '../excel/sheet-host';
import { useDocVersion } from '../taskpane/hooks';
import { GridCell } from './GridCell';
import { displayOrder, type GridSort } from './row-order';

const useStyles = makeStyles({
  wrap: { overflowX: 'auto', maxWidth: '100%' },
  table: { tableLayout: 'fixed', minWidth: 'max-content' },
  rowInvalid: { boxShadow: `inset 3px 0 0 ${tokens.colorPaletteRedBorder2}` },
  rowWarning: { boxShadow: `inset 3px 0 0 ${tokens.colorPaletteYellowBorder2}` },
  selected: { backgroundColor: tokens.colorNeutralBackground1Selected },
  actions: { width: '44px' },
  toolbar: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', paddingBlock: tokens.spacingVerticalS },
});

export interface SheetGridProps {
  /** The in-memory host the binder keeps in step with the document. */
  host: MemoryHost;
  sheet: SheetId;
  /** Disables every editor and button (the host's own read-only state does too). */
  readOnly?: boolean;
  /** The row the user is on (for presence); null when the grid loses it. */
  onSelectRow?(rowId: string | null): void;
  /**
   * The room's document: rows are shown in its order, identical for every user (without it, in the
   * host's order).
   */
  doc?: Y.Doc;
  /**
   * Replaces the plain delete of a row: the pane asks first when other rows reference it and offers an
   * undo toast (H7). Without it, the row is deleted through the host.
   */
  onDeleteRow?(rowId: string): void;
  /** Passed to every cell: what the user is typing, and a text that lost to a change made meanwhile (H7). */
  onCellDraft?(rowId: string, column: string, text: string | null): void;
  onCellLost?(rowId: string, column: string, text: string): void;
}

const CHAR_PX = 8;

/**
 * Browser mode: one sheet of the room as an editable grid over the same `SheetHost` path as Excel.
 * Edits go through `host.userSetCells` (so the binder coerces, validates and writes them), rows are
 * added and deleted through the host, invalid cells show their message. Test ids: `grid-<sheet>`,
 * `cell-<sheet>-<rowId>-<col>`, `add-row-<sheet>`, `delete-row-<sheet>-<rowId>`, `sort-<sheet>-<col>`.
 */
export function SheetGrid({ host, sheet, readOnly = false, onSelectRow, doc, onDeleteRow, onCellDraft, onCellLost }: SheetGridProps) {
  const styles = useStyles();
  const subscribe = useCallback((fn: () => void) => host.subscribe(fn), [host]);
  const view = useSyncExternalStore(subscribe, () => host.view(sheet));
  const [sort, setSort] = useState<GridSort | null>(null);
  const docVersion = useDocVersion([doc], 0);
  // The document's order is read again whenever the host or the document changed.
  const rows = useMemo(
    () => (view ? displayOrder(view.rows, doc ? readSheet(doc, sheet).map((r) => r.id) : null, sort) : []),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- docVersion stands for the document's content
    [view, doc, sheet, sort, docVersion],
  );
  const tableRef = useRef<HTMLTableElement>(null);
  const onSelectRef = useRef(onSelectRow);
  onSelectRef.current = onSelectRow;
  // Cells are memoised: they get stable callbacks that call the latest props.
  const draftRef = useRef(onCellDraft);
  draftRef.current = onCellDraft;
  const lostRef = useRef(onCellLost);
  lostRef.current = onCellLost;
  const onDraft = useCallback((rowId: string, column: string, text: string | null) => draftRef.current?.(rowId, column, text), []);
  const onLost = useCallback((rowId: string, column: string, text: string) => lostRef.current?.(rowId, column, text), []);

  const commit = useCallback(
    (rowId: string, column: string, value: HostValue) => {
      // Positions move when others add or delete rows: resolve the row at commit time.
      const row = host.positionOf(sheet, rowId);
      if (row >= 0) host.userSetCells(sheet, [{ row, column, value }]);
    },
    [host, sheet],
  );
  const focus = useCallback(
    (rowId: string, column: string) => {
      const row = host.positionOf(sheet, rowId);
      if (row >= 0) host.userSelect(sheet, row, column);
      onSelectRef.current?.(rowId);
    },
    [host, sheet],
  );

  // A jump from the issue list (binding.select) brings the cell into view and focuses it — when the grid
  // is on screen (beside the pane). In a narrow pane the grid is far below: the focus then goes to the
  // form's field, which the user sees, not to a cell off screen (issue 9 item 9).
  const selection = view?.selection;
  useEffect(() => {
    if (!selection?.rowId || !tableRef.current) return;
    const grid = tableRef.current.getBoundingClientRect();
    if (typeof window !== 'undefined' && (grid.bottom <= 0 || grid.top >= window.innerHeight) && grid.height > 0) return;
    const id = `cell-${sheet}-${selection.rowId}-${selection.column ?? ''}`;
    const target =
      // Row ids are nanoids and column ids are identifiers: nothing to escape inside the quotes.
      tableRef.current.querySelector<HTMLElement>(`[data-testid="${id}"]`) ??
      tableRef.current.querySelector<HTMLElement>(`[data-testid^="cell-${sheet}-${selection.rowId}-"]`);
    if (target && !target.contains(document.activeElement)) {
      target.scrollIntoView?.({ block: 'nearest' });
      target.focus?.();
    }
  }, [selection, sheet]);

  if (!view) return <Caption1 data-testid={`grid-${sheet}`}>Caricamento del foglio…</Caption1>;
  const { spec } = view;
  const disabled = readOnly || view.readOnly;

  // A view of the document's order only: the host (and the document) keep theirs.
  const sortBy = (column: string) => setSort({ column, dir: sort?.column === column && sort.dir === 'asc' ? 'desc' : 'asc' });

  return (
    // A scrolling region the keyboard can reach even when no cell is editable (a viewer): axe
    // "scrollable-region-focusable"; arrow keys then scroll it.
    <div className={styles.wrap} data-testid={`grid-${sheet}`} tabIndex={0} role="region" aria-label={spec.label}>
      <Table ref={tableRef} size="small" aria-label={spec.label} className={styles.table}>
        <TableHeader>
          <TableRow>
            {spec.columns.map((c) => (
              <TableHeaderCell
                key={c.id}
                style={{ width: `${c.width * CHAR_PX}px` }}
                sortDirection={sort?.column === c.id ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}
                onClick={spec.record ? undefined : () => sortBy(c.id)}
                data-testid={`sort-${sheet}-${c.id}`}
                title={c.help}
              >
                {c.label}
              </TableHeaderCell>
            ))}
            {!spec.record && <TableHeaderCell className={styles.actions} aria-label="Azioni" />}
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((row, index) => {
            const rowMark = view.marks.get(markKey(row.id, null));
            const selected = view.selection?.rowId === row.id;
            const rowClass = mergeClasses(rowMark && (rowMark.severity === 'error' ? styles.rowInvalid : styles.rowWarning), selected && styles.selected);
            return (
              <TableRow key={row.id} className={rowClass} title={rowMark?.message} data-row-id={row.id}>
                {spec.columns.map((c) => {
                  const mark = view.marks.get(markKey(row.id, c.id)) ?? null;
                  return (
                    <TableCell key={c.id}>
                      <GridCell
                        rowId={row.id}
                        col={c}
                        value={row.values[c.id] ?? null}
                        testId={`cell-${sheet}-${row.id}-${c.id}`}
                        label={`${c.label}, riga ${index + 1}`}
                        disabled={disabled}
                        message={mark?.message}
                        severity={mark?.severity}
                        onCommit={commit}
                        onFocus={focus}
                        onDraft={onCellDraft ? onDraft : undefined}
                        onLost={onCellLost ? onLost : undefined}
                      />
                    </TableCell>
                  );
                })}
                {!spec.record && (
                  <TableCell className={styles.actions}>
                    <Button
                      appearance="subtle"
                      size="small"
                      data-testid={`delete-row-${sheet}-${row.id}`}
                      aria-label={`Elimina la riga ${index + 1}`}
                      title="Elimina la riga"
                      disabled={disabled}
                      onClick={() => {
                        if (onDeleteRow) return onDeleteRow(row.id);
                        const p = host.positionOf(sheet, row.id);
                        if (p >= 0) host.userDeleteRows(sheet, [p]);
                      }}
                    >
                      ✕
                    </Button>
                  </TableCell>
                )}
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      {!spec.record && (
        <div className={styles.toolbar}>
          <Button data-testid={`add-row-${sheet}`} disabled={disabled} onClick={() => host.userAppendRow(sheet)}>
            Aggiungi riga
          </Button>
          <Caption1>{view.rows.length === 1 ? '1 riga' : `${view.rows.length} righe`}</Caption1>
        </div>
      )}
    </div>
  );
}
