import { Button, Tooltip, makeStyles } from '@fluentui/react-components';
import { useI18n } from './i18n-context';
import type { Undo } from './useUndo';

const useStyles = makeStyles({ row: { display: 'flex', gap: '4px' } });

/** Undo / redo of the user's own changes in this sector (Ctrl+Z / Ctrl+Y do the same). */
export function UndoControls({ undo, readOnly }: { undo: Undo; readOnly: boolean }) {
  const { t } = useI18n();
  const s = useStyles();
  return (
    <div className={s.row}>
      <Tooltip content={t('undo.undoHint')} relationship="description">
        <Button size="small" data-testid="undo" disabled={readOnly || !undo.canUndo} onClick={undo.undo}>
          {t('undo.undo')}
        </Button>
      </Tooltip>
      <Tooltip content={t('undo.redoHint')} relationship="description">
        <Button size="small" data-testid="redo" disabled={readOnly || !undo.canRedo} onClick={undo.redo}>
          {t('undo.redo')}
        </Button>
      </Tooltip>
    </div>
  );
}
