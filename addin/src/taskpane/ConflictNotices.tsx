import { Button, MessageBar, MessageBarActions, MessageBarBody, makeStyles } from '@fluentui/react-components';
import { useI18n } from './i18n-context';
import { columnLabel, joinNames, rowName, valueText } from './cell-labels';
import type { Notice } from './useConflicts';

const useStyles = makeStyles({
  list: { display: 'flex', flexDirection: 'column', gap: '6px' },
  // Long texts wrap inside a 320 px pane instead of widening it.
  body: { whiteSpace: 'normal', overflowWrap: 'anywhere' },
});

export interface ConflictNoticesProps {
  notices: readonly Notice[];
  readOnly: boolean;
  onRestore: (n: Notice) => void;
  onDismiss: (key: string) => void;
}

/**
 * Short, non-blocking notices to the loser of a conflict (issue 9 item 4): who changed what while the
 * user was writing it, what the user's text was, and a button to put it back (or re-create the row).
 */
export function ConflictNotices({ notices, readOnly, onRestore, onDismiss }: ConflictNoticesProps) {
  const { t, locale } = useI18n();
  const s = useStyles();
  if (notices.length === 0) return null;
  const and = locale === 'en' ? 'and' : 'e';
  return (
    <div className={s.list} role="status" aria-live="polite" data-testid="conflict-notices">
      {notices.map((n) => {
        const c = n.conflict;
        const who = joinNames(n.who, t('together.someone'), and);
        let text: string;
        if (c.kind === 'row-deleted') {
          const row = rowName(c.sheet, { ...c.values }) || c.rowId;
          text = t('conflict.rowDeleted', { who, row: `«${row}»` });
        } else {
          const column = columnLabel(c.sheet, c.column, locale);
          const mine = (c.kind === 'typing' ? c.mine : valueText(c.sheet, c.column, c.mine)) || t('conflict.empty');
          const theirs = valueText(c.sheet, c.column, c.theirs) || t('conflict.empty');
          text = t(c.kind === 'typing' ? 'conflict.typing' : 'conflict.overwritten', { who, column, mine: mine.length > 80 ? `${mine.slice(0, 79)}…` : mine, theirs });
        }
        return (
          <MessageBar key={n.key} intent="warning" layout="multiline" data-testid={`conflict-${c.kind}`} data-column={'column' in c ? c.column : ''}>
            <MessageBarBody className={s.body}>
              {text}
              {n.error && <span data-testid="conflict-error"> {t('history.restoreFailed', { message: n.error })}</span>}
            </MessageBarBody>
            <MessageBarActions>
              {!readOnly && (
                <Button size="small" appearance="primary" data-testid="conflict-restore" onClick={() => onRestore(n)}>
                  {c.kind === 'row-deleted' ? t('conflict.recreate') : t('conflict.restore')}
                </Button>
              )}
              <Button size="small" data-testid="conflict-dismiss" onClick={() => onDismiss(n.key)}>
                {t('conflict.dismiss')}
              </Button>
            </MessageBarActions>
          </MessageBar>
        );
      })}
    </div>
  );
}
