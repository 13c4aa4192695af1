import { Field, Input, Select, Textarea, makeStyles } from '@fluentui/react-components';
import { useEffect, useRef, useState } from 'react';
import { draftOutcome } from '@piao/shared/doc/conflicts';
import type { CellValue, ColumnDef } from '@piao/shared/schema/types';
import type { Issue } from '@piao/shared/validate/issue';
import { schemaLabel } from '../i18n';
import { useI18n } from './i18n-context';
import { choiceOptions, commitValue, displayValue, fieldKind } from './form-model';

const useStyles = makeStyles({
  // Long enum values (ANAC areas) must not widen a 320 px pane.
  select: { minWidth: 0, '& select': { minWidth: 0, textOverflow: 'ellipsis' } },
});

export interface FieldEditorProps {
  column: ColumnDef;
  value: CellValue | undefined;
  required: boolean;
  readOnly: boolean;
  /** Options of a reference column (keys of the referenced sheet). */
  refs: readonly string[];
  /** Validation issues of this cell. */
  issues: readonly Issue[];
  onCommit: (value: CellValue) => void;
  /** What the user is typing (null once committed or abandoned): kept if the row is deleted meanwhile. */
  onDraft?: (text: string | null) => void;
  /**
   * Someone else changed the cell while the user was typing: their value is kept and the user's text
   * handed over (the pane offers "Ripristina il mio") instead of silently replacing theirs.
   */
  onLost?: (text: string) => void;
}

/**
 * One field of the row form. Keeps what the user is typing until they leave the field, then coerces it
 * with the schema; a value that cannot be coerced is not written and its error stays inline.
 */
export function FieldEditor({ column, value, required, readOnly, refs, issues, onCommit, onDraft, onLost }: FieldEditorProps) {
  const { t, locale } = useI18n();
  const s = useStyles();
  const kind = fieldKind(column);
  const shown = displayValue(column, value);
  const [draft, setDraft] = useState(shown);
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** The cell's value when the user started typing: a different value at commit is someone else's. */
  const base = useRef<CellValue | undefined>(undefined);

  // A remote edit replaces the text unless the user is typing in this very field.
  useEffect(() => {
    if (!editing) setDraft(shown);
  }, [shown, editing]);

  const type = (text: string) => {
    if (!editing) {
      setEditing(true);
      base.current = value ?? null;
    }
    setDraft(text);
    onDraft?.(text === displayValue(column, base.current ?? null) ? null : text);
  };

  const stop = () => {
    setEditing(false);
    base.current = undefined;
    onDraft?.(null);
  };

  const commit = (raw: string) => {
    const started = editing ? (base.current ?? null) : (value ?? null);
    stop();
    const r = commitValue(column, raw);
    if (!r.ok) {
      setError(r.error);
      return;
    }
    setError(null);
    const outcome = draftOutcome(started, value ?? null, r.value);
    if (outcome === 'write') onCommit(r.value);
    else if (outcome === 'conflict') {
      setDraft(shown);
      onLost?.(raw);
    }
  };

  const issue = issues.find((i) => i.severity === 'error') ?? issues[0];
  const message = error ?? issue?.message;
  const state = error || issue?.severity === 'error' ? 'error' : issue ? 'warning' : 'none';
  const label = schemaLabel(column, locale) + (kind === 'computed' ? ` (${t('form.computed')})` : '');
  const testId = `field-${column.id}`;
  const disabled = readOnly || kind === 'computed';

  let control;
  if (kind === 'choice') {
    const options = choiceOptions(column, value, refs);
    control = (
      <Select
        className={s.select}
        data-testid={testId}
        value={draft}
        disabled={disabled}
        onChange={(_e, d) => {
          setDraft(d.value);
          commit(d.value);
        }}
      >
        <option value="">{t('form.empty')}</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {column.type === 'ref' && !refs.includes(o) ? t('form.missingRef', { value: o }) : o}
          </option>
        ))}
      </Select>
    );
  } else if (kind === 'longtext') {
    control = (
      <Textarea
        data-testid={testId}
        value={draft}
        disabled={disabled}
        resize="vertical"
        onChange={(_e, d) => type(d.value)}
        onBlur={() => editing && commit(draft)}
      />
    );
  } else {
    control = (
      <Input
        data-testid={testId}
        // Dates are typed GG/MM/AAAA in a text box: a native date input follows the browser's locale
        // (month first in an English browser or Office).
        type="text"
        inputMode={kind === 'number' ? 'decimal' : undefined}
        placeholder={kind === 'date' ? t('form.datePlaceholder') : undefined}
        value={draft}
        disabled={disabled}
        readOnly={kind === 'computed'}
        onChange={(_e, d) => type(d.value)}
        onBlur={() => editing && commit(draft)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && editing) commit(draft);
          if (e.key === 'Escape') {
            setDraft(shown);
            setError(null);
            stop();
          }
        }}
      />
    );
  }

  return (
    <Field
      label={label}
      required={required && kind !== 'computed'}
      hint={column.help}
      validationState={state}
      validationMessage={message}
      data-column={column.id}
    >
      {control}
    </Field>
  );
}
