import { memo, useRef, useState, type KeyboardEvent } from 'react';
import { Input, Select, Textarea, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { BOOL_LABELS } from '@piao/shared/schema/index';
import type { ColumnDef } from '@piao/shared/schema/index';
import type { HostValue } from '../excel/sheet-host';
import { textTooLong } from '../i18n/cell-limit';
import { cellInput, cellText, isNumeric } from './cell-text';

const useStyles = makeStyles({
  editor: { width: '100%', minWidth: 0 },
  invalid: { backgroundColor: tokens.colorPaletteRedBackground2 },
  warning: { backgroundColor: tokens.colorPaletteYellowBackground2 },
  computed: { color: tokens.colorNeutralForeground3, paddingInline: tokens.spacingHorizontalS },
});

export interface GridCellProps {
  rowId: string;
  col: ColumnDef;
  value: HostValue;
  testId: string;
  label: string;
  disabled: boolean;
  /** Validation or coercion message of this cell, if any. */
  message?: string;
  severity?: 'error' | 'warning';
  onCommit(rowId: string, column: string, value: HostValue): void;
  onFocus(rowId: string, column: string): void;
  /** What the user is typing (null when committed or dropped), for the pane's conflict notices (H7). */
  onDraft?(rowId: string, column: string, text: string | null): void;
  /**
   * The cell changed under the user while they typed: their text is handed over instead of silently
   * replacing the other person's value (the pane offers "Ripristina il mio") (H7).
   */
  onLost?(rowId: string, column: string, text: string): void;
}

/**
 * One editable cell. Typing stays local until Enter or leaving the cell; then the text goes to the host
 * as a user edit, and the binder coerces and validates it exactly as it does for Excel. Escape drops
 * the draft. Lists commit as soon as a value is chosen.
 */
export const GridCell = memo(function GridCell({ rowId, col, value, testId, label, disabled, message, severity, onCommit, onFocus, onDraft, onLost }: GridCellProps) {
  const styles = useStyles();
  const [draft, setDraftState] = useState<string | null>(null);
  /** The cell's text when the user started typing (null: not typing). */
  const base = useRef<string | null>(null);
  const setDraft = (text: string | null) => {
    if (text !== null && base.current === null) base.current = cellText(col, value);
    if (text === null) base.current = null;
    setDraftState(text);
    onDraft?.(rowId, col.id, text);
  };
  const shown = draft ?? cellText(col, value);
  /** A text the cell refused before writing it (longer than Excel can hold); kept as the draft. */
  const [refused, setRefused] = useState<string | null>(null);
  const problem = refused ?? message;
  const markClass = problem ? (refused || severity !== 'warning' ? styles.invalid : styles.warning) : undefined;
  const common = {
    'data-testid': testId,
    'aria-label': label,
    'aria-invalid': refused || (message && severity !== 'warning') ? true : undefined,
    // Read-only cells show their whole value on hover (long texts are cut in the cell).
    title: problem ?? (disabled && shown !== '' ? shown : undefined),
    disabled,
    onFocus: () => onFocus(rowId, col.id),
  };

  const commit = (text: string | null) => {
    const tooLong = text !== null && (col.type === 'text' || col.type === 'longtext') ? textTooLong(text) : null;
    setRefused(tooLong);
    if (tooLong) return; // the draft stays, so nothing typed is lost
    const started = base.current;
    setDraft(null);
    if (text === null || text === cellText(col, value)) return;
    if (onLost && started !== null && started !== cellText(col, value)) onLost(rowId, col.id, text);
    else onCommit(rowId, col.id, cellInput(text));
  };
  const onKeyDown = (e: KeyboardEvent<HTMLElement>, multiline = false) => {
    if (e.key === 'Enter' && (!multiline || e.ctrlKey)) {
      e.preventDefault();
      commit(draft);
    } else if (e.key === 'Escape') {
      setDraft(null);
    }
  };

  if (col.computed) {
    return (
      <span className={styles.computed} data-testid={testId} aria-label={label} title={message}>
        {shown}
      </span>
    );
  }
  if (col.type === 'enum' || col.type === 'bool') {
    const options = col.type === 'bool' ? [BOOL_LABELS.true, BOOL_LABELS.false] : (col.values ?? []);
    // A value outside the list (typed in Excel, or invalid) stays visible until it is changed.
    const extra = shown !== '' && !options.includes(shown) ? [shown] : [];
    return (
      <Select {...common} className={markClass} value={shown} onChange={(_, d) => commit(d.value)}>
        <option value="" />
        {[...extra, ...options].map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </Select>
    );
  }
  if (col.type === 'longtext') {
    return (
      <Textarea
        {...common}
        // Read-only text stays focusable and scrollable, so a viewer can read all of it.
        disabled={false}
        readOnly={disabled}
        className={mergeClasses(styles.editor, markClass)}
        resize="vertical"
        value={shown}
        onChange={(_, d) => setDraft(d.value)}
        onBlur={() => commit(draft)}
        onKeyDown={(e) => onKeyDown(e, true)}
      />
    );
  }
  // Dates are typed GG/MM/AAAA in a text box: a native date input follows the browser's locale.
  const type = col.type === 'email' ? 'email' : col.type === 'url' ? 'url' : 'text';
  return (
    <Input
      {...common}
      // Read-only values stay focusable and selectable (a viewer can read and copy a long value).
      disabled={false}
      readOnly={disabled}
      placeholder={col.type === 'date' && !disabled ? 'GG/MM/AAAA' : undefined}
      className={mergeClasses(styles.editor, markClass)}
      type={type}
      inputMode={isNumeric(col) ? 'decimal' : undefined}
      value={shown}
      onChange={(_, d) => setDraft(d.value)}
      onBlur={() => commit(draft)}
      onKeyDown={(e) => onKeyDown(e)}
    />
  );
});
