import { Body1, Button, Caption1, Field, Select, makeStyles, tokens } from '@fluentui/react-components';
import type * as Y from 'yjs';
import { withComputed } from '@piao/shared/schema/index';
import type { CellValue, PlanSettings, SheetDef } from '@piao/shared/schema/types';
import { applyChanges, readRecord, readSheet } from '@piao/shared/doc/rows';
import type { Issue } from '@piao/shared/validate/issue';
import { schemaLabel } from '../i18n';
import { FieldEditor } from './FieldEditor';
import { useI18n } from './i18n-context';
import { fieldChange, isRequired, refOptions, rowLabel } from './form-model';
import { issuesOfRow } from './issues-model';
import type { CellRef } from '@piao/shared/doc/conflicts';
import type { PresenceEntry } from './presence';
import { RowPresence } from './RowPresence';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: '10px' },
  head: { display: 'flex', gap: '8px', alignItems: 'flex-end', flexWrap: 'wrap' },
  picker: { flexBasis: '100%', minWidth: 0, maxWidth: '100%' },
  // A native select is as wide as its longest option: keep it inside a 320 px pane.
  select: { width: '100%', minWidth: 0, maxWidth: '100%', '& select': { width: '100%', minWidth: 0, maxWidth: '100%', textOverflow: 'ellipsis' } },
  rowIssue: { color: tokens.colorPaletteRedForeground1 },
  muted: { color: tokens.colorNeutralForeground3 },
});

export interface RowFormProps {
  sheet: SheetDef;
  room: string;
  doc: Y.Doc;
  planDoc: Y.Doc;
  rowId: string | null;
  readOnly: boolean;
  settings: PlanSettings;
  issues: readonly Issue[];
  /** Moves with every document change, so the form re-reads the row. */
  version: number;
  onSelectRow: (rowId: string | null) => void;
  onAddRow: () => void;
  onDeleteRow: (rowId: string) => void;
  /** Other users on this row (from presence). */
  othersHere?: readonly PresenceEntry[];
  /** What the user is typing in a field, for the conflict watcher (kept if the row is deleted). */
  onDraft?: (ref: CellRef, text: string | null) => void;
  /** The user's text lost to someone else's change made while they typed it. */
  onLost?: (ref: CellRef, text: string, theirs: CellValue) => void;
}

/** The selected row as a form: dropdowns for closed lists, inline errors from the schema and the rules. */
export function RowForm(p: RowFormProps) {
  const { t, locale } = useI18n();
  const s = useStyles();
  const record = p.sheet.kind === 'record';
  const rows = record ? [] : readSheet(p.doc, p.sheet.id);
  const row = record ? null : (rows.find((r) => r.id === p.rowId) ?? null);
  const values = record ? readRecord(p.doc, p.sheet.id) : (row?.values ?? null);
  const issueRowId = record ? null : (row?.id ?? null);
  const byColumn = values ? issuesOfRow(p.issues, p.room, p.sheet.id, issueRowId) : new Map<string | null, Issue[]>();
  const rowIssues = byColumn.get(null) ?? [];

  const write = (column: string, value: CellValue) => {
    applyChanges(p.doc, [fieldChange(p.sheet, record ? null : p.rowId, column, value)], 'form');
  };

  return (
    <section className={s.form} data-testid="row-form" data-sheet={p.sheet.id} data-row={record ? 'record' : (p.rowId ?? '')} aria-label={t('form.title')}>
      <Body1>
        <strong>{t('form.record')}:</strong> {schemaLabel(p.sheet, locale)}
      </Body1>
      {!record && (
        <div className={s.head}>
          <Field label={t('form.pickRow')} className={s.picker}>
            <Select className={s.select} data-testid="row-picker" value={row?.id ?? ''} onChange={(_e, d) => p.onSelectRow(d.value || null)}>
              <option value="">—</option>
              {rows.map((r, i) => (
                <option key={r.id} value={r.id}>
                  {rowLabel(p.sheet, r, i)}
                </option>
              ))}
            </Select>
          </Field>
          <Button data-testid="form-add-row" disabled={p.readOnly} onClick={p.onAddRow}>
            {t('form.addRow')}
          </Button>
          {row && (
            <Button data-testid="form-delete-row" disabled={p.readOnly} onClick={() => p.onDeleteRow(row.id)}>
              {t('form.deleteRow')}
            </Button>
          )}
        </div>
      )}
      {values && p.othersHere && p.othersHere.length > 0 && <RowPresence others={p.othersHere} />}
      {!values && <Body1 className={s.muted}>{rows.length === 0 ? t('form.noRows') : t('form.noRow')}</Body1>}
      {rowIssues.map((i, n) => (
        <Caption1 key={n} className={s.rowIssue} data-testid={`row-issue-${i.rule}`}>
          {i.message}
        </Caption1>
      ))}
      {values &&
        (() => {
          const full = withComputed(p.sheet, values);
          return p.sheet.columns.map((c) => (
            <FieldEditor
              key={`${p.sheet.id}:${issueRowId ?? 'record'}:${c.id}`}
              column={c}
              value={c.computed ? full[c.id] : values[c.id]}
              required={isRequired(c, values, p.settings)}
              readOnly={p.readOnly}
              refs={c.type === 'ref' ? refOptions(c, p.planDoc, p.doc) : []}
              issues={byColumn.get(c.id) ?? []}
              onCommit={(v) => write(c.id, v)}
              onDraft={p.onDraft && ((text) => p.onDraft!({ sheet: p.sheet.id, rowId: issueRowId, column: c.id }, text))}
              onLost={p.onLost && ((text) => p.onLost!({ sheet: p.sheet.id, rowId: issueRowId, column: c.id }, text, values[c.id] ?? null))}
            />
          ));
        })()}
    </section>
  );
}
