import { Button, Caption1, Checkbox, MessageBar, MessageBarBody, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import type { MessageKey } from '../i18n';
import type { ImportApplied, ImportConflict } from './api';
import { useI18n } from './i18n-context';

const useStyles = makeStyles({
  wrap: { display: 'flex', flexDirection: 'column', gap: '6px' },
  list: { margin: 0, padding: 0, listStyle: 'none', maxHeight: '240px', overflowY: 'auto' },
  overwritten: { color: tokens.colorNeutralForeground3 },
  actions: { display: 'flex', gap: '8px', flexWrap: 'wrap' },
});

type Plural = 'files.added' | 'files.cells' | 'files.conflicts' | 'files.deletedByOthers' | 'files.notInFile';

/**
 * What an import did: the counts (singular/plural), the server's warnings, and the conflicts — cells
 * someone else changed after the download, kept as theirs — with the choice to overwrite some or all.
 */
export function ImportSummary(props: { applied: ImportApplied | undefined; conflicts: ImportConflict[]; busy: boolean; onOverwrite: (keys: string[]) => void }) {
  const { t, locale } = useI18n();
  const s = useStyles();
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const plural = (key: Plural, n: number) => t(`${key}.${n === 1 ? 'one' : 'other'}` as MessageKey, { n: n.toLocaleString(locale === 'it' ? 'it-IT' : 'en-GB') });
  const a = props.applied;
  const open = props.conflicts.filter((c) => !c.overwritten);
  const value = (v: ImportConflict['theirs']) => (v === null || v === '' ? t('files.empty') : String(v));
  const when = (iso: string | undefined) => (iso ? new Date(iso).toLocaleString(locale === 'it' ? 'it-IT' : 'en-GB', { dateStyle: 'short', timeStyle: 'short' }) : '—');
  const toggle = (key: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(key);
    else next.delete(key);
    setChosen(next);
  };

  return (
    <div className={s.wrap}>
      <MessageBar intent={open.length > 0 ? 'warning' : 'success'} data-testid="import-ok">
        <MessageBarBody data-testid="import-summary">
          {a ? `${[plural('files.added', a.added), plural('files.cells', a.cellsChanged), plural('files.conflicts', a.conflicts)].join(', ')}.` : t('files.imported')}
          {a && a.deletedByOthers > 0 && ` ${plural('files.deletedByOthers', a.deletedByOthers)}`}
          {a && a.notInFile > 0 && ` ${plural('files.notInFile', a.notInFile)}`}
        </MessageBarBody>
      </MessageBar>
      {a?.warnings.map((w, i) => (
        <MessageBar key={i} intent="warning" data-testid="import-warning">
          <MessageBarBody>{w}</MessageBarBody>
        </MessageBar>
      ))}
      {props.conflicts.length > 0 && (
        <section data-testid="import-conflicts" data-count={props.conflicts.length} aria-label={t('files.conflictsTitle')}>
          {open.length > 0 && <Caption1>{t('files.conflictsTitle')}</Caption1>}
          <ul className={s.list}>
            {props.conflicts.map((c) => {
              const text = c.rowDeleted
                ? t('files.conflictDeleted', { sheet: c.sheet, row: c.row, who: c.who ?? t('files.someone'), when: when(c.when) })
                : t('files.conflict', { sheet: c.sheet, row: c.row, column: c.column, who: c.who ?? t('files.someone'), theirs: value(c.theirs), yours: value(c.yours), when: when(c.when) });
              return (
                <li key={c.key} data-testid="import-conflict" data-column={c.columnId ?? ''} data-overwritten={c.overwritten}>
                  {c.overwritten ? (
                    <Caption1 className={s.overwritten}>
                      {text} — {t('files.conflictOverwritten')}
                    </Caption1>
                  ) : (
                    <Checkbox label={text} checked={chosen.has(c.key)} disabled={props.busy} onChange={(_e, d) => toggle(c.key, d.checked === true)} />
                  )}
                </li>
              );
            })}
          </ul>
          {open.length > 0 && (
            <div className={s.actions}>
              <Button size="small" disabled={props.busy} onClick={() => setChosen(new Set(open.map((c) => c.key)))}>
                {t('files.selectAll')}
              </Button>
              <Button size="small" appearance="primary" data-testid="import-overwrite" disabled={props.busy || chosen.size === 0} onClick={() => props.onOverwrite([...chosen])}>
                {t('files.overwrite')}
              </Button>
            </div>
          )}
        </section>
      )}
    </div>
  );
}
