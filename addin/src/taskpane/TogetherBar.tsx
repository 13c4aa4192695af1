import { makeStyles } from '@fluentui/react-components';
import { ConflictNotices } from './ConflictNotices';
import { DeleteConfirm, DeletedToast } from './DeleteRowPrompts';
import { UndoControls } from './UndoControls';
import type { Together } from './useTogether';

const useStyles = makeStyles({ bar: { display: 'flex', flexDirection: 'column', gap: '6px' } });

/** Undo/redo, the conflict notices and the delete prompts, near the top of the pane where they are seen. */
export function TogetherBar({ together, readOnly }: { together: Together; readOnly: boolean }) {
  const s = useStyles();
  const { undo, conflicts, del } = together;
  return (
    <div className={s.bar}>
      {!readOnly && <UndoControls undo={undo} readOnly={readOnly} />}
      <ConflictNotices notices={conflicts.notices} readOnly={readOnly} onRestore={together.restoreNotice} onDismiss={conflicts.dismiss} />
      <DeletedToast done={del.done} onUndo={del.undoDelete} onDismiss={del.dismiss} />
      <DeleteConfirm pending={del.pending} onConfirm={del.confirm} onCancel={del.cancel} />
    </div>
  );
}
