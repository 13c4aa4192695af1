import { makeStyles } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { ConflictNotices } from './ConflictNotices';
import { DeleteConfirm, DeletedToast } from './DeleteRowPrompts';
import { UndoControls } from './UndoControls';
import type { Together } from './useTogether';

const useStyles = makeStyles({
  bar: { display: 'flex', flexDirection: 'column', gap: '6px' },
  // Undo/redo and who is connected share one line: at 350 px both stay in view without scrolling.
  line: { display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: '8px', minWidth: 0 },
});

/** Undo/redo, the conflict notices and the delete prompts, near the top of the pane where they are seen. */
export function TogetherBar({ together, readOnly, presence }: { together: Together; readOnly: boolean; presence?: ReactNode }) {
  const s = useStyles();
  const { undo, conflicts, del } = together;
  return (
    <div className={s.bar}>
      <div className={s.line}>
        {!readOnly ? <UndoControls undo={undo} readOnly={readOnly} /> : <span />}
        {presence}
      </div>
      <ConflictNotices notices={conflicts.notices} readOnly={readOnly} onRestore={together.restoreNotice} onDismiss={conflicts.dismiss} />
      <DeletedToast done={del.done} onUndo={del.undoDelete} onDismiss={del.dismiss} />
      <DeleteConfirm pending={del.pending} onConfirm={del.confirm} onCancel={del.cancel} />
    </div>
  );
}
