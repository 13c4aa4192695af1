import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, MessageBar, MessageBarActions, MessageBarBody } from '@fluentui/react-components';
import { getSheet } from '@piao/shared/schema/index';
import { useI18n } from './i18n-context';
import { rowName, sheetLabel } from './cell-labels';
import type { DoneDelete, PendingDelete } from './useRowDelete';

/** Up to three referencing rows by name, then "…". */
function listOf(sheet: string, rows: ReadonlyArray<{ values: Record<string, string | number | boolean | null> }>): string {
  const names = rows.slice(0, 3).map((r) => rowName(sheet, r.values) || '—');
  return names.join(', ') + (rows.length > 3 ? ', …' : '');
}

/** "Eliminare «O-1»?" when other rows point at it, naming them, before anything is deleted. */
export function DeleteConfirm({ pending, onConfirm, onCancel }: { pending: PendingDelete | null; onConfirm: () => void; onCancel: () => void }) {
  const { t, locale } = useI18n();
  if (!pending) return null;
  const row = `«${rowName(pending.sheet, pending.values) || getSheet(pending.sheet).label}»`;
  return (
    <Dialog open modalType="alert" onOpenChange={(_e, d) => !d.open && onCancel()}>
      <DialogSurface data-testid="delete-confirm">
        <DialogBody>
          <DialogTitle>{t('delete.confirmTitle', { row })}</DialogTitle>
          <DialogContent>
            {pending.dependents.map((d) => (
              <p key={`${d.sheet}.${d.column}`}>
                {t(d.rows.length === 1 ? 'delete.dependentsOne' : 'delete.dependentsMany', {
                  row,
                  count: d.rows.length,
                  sheet: sheetLabel(d.sheet, locale),
                  list: listOf(d.sheet, d.rows),
                })}
              </p>
            ))}
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" data-testid="delete-confirm-yes" onClick={onConfirm}>
              {t('delete.confirm')}
            </Button>
            <Button data-testid="delete-confirm-no" onClick={onCancel}>
              {t('delete.cancel')}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

/** "Riga «O-1» eliminata. Annulla": the undo toast after a delete. */
export function DeletedToast({ done, onUndo, onDismiss }: { done: DoneDelete | null; onUndo: () => void; onDismiss: () => void }) {
  const { t } = useI18n();
  if (!done) return null;
  const row = `«${rowName(done.sheet, done.values) || done.rowId}»`;
  return (
    <MessageBar intent="info" role="status" data-testid="deleted-toast">
      <MessageBarBody>{t('delete.done', { row })}</MessageBarBody>
      <MessageBarActions>
        <Button size="small" appearance="primary" data-testid="deleted-undo" onClick={onUndo}>
          {t('delete.undo')}
        </Button>
        <Button size="small" onClick={onDismiss}>
          {t('conflict.dismiss')}
        </Button>
      </MessageBarActions>
    </MessageBar>
  );
}
