import { Subtitle1 } from '@fluentui/react-components';
import type * as Y from 'yjs';
import { getSheet } from '@piao/shared/schema/index';
import type { SheetId } from '@piao/shared/schema/types';
import type { SheetHost } from '../excel/sheet-host';
import { MemoryHost } from '../excel/memory-host';
import { SheetGrid } from '../grid/SheetGrid';
import { schemaLabel } from '../i18n';
import { useI18n } from './i18n-context';
import { gridPresenceCss } from './grid-presence';
import type { PresenceEntry } from './presence';

/** Browser mode: the selected sheet as an editable grid over the in-memory host the binder fills. */
export function GridArea({
  host,
  sheet,
  readOnly,
  presenceRows,
  doc,
  onDeleteRow,
  onCellDraft,
  onCellLost,
}: {
  host: SheetHost;
  sheet: SheetId;
  readOnly: boolean;
  /** Other users' rows of this sheet, highlighted in their colours (H7). */
  presenceRows?: ReadonlyMap<string, readonly PresenceEntry[]>;
  /** The room's document: the grid shows its row order, the same for every user. */
  doc?: Y.Doc;
  /** The pane's guarded delete (confirmation when referenced, undo toast) (H7). */
  onDeleteRow?: (rowId: string) => void;
  /** What the user types in a cell, and a text that lost to someone else's change meanwhile (H7). */
  onCellDraft?: (rowId: string, column: string, text: string | null) => void;
  onCellLost?: (rowId: string, column: string, text: string) => void;
}) {
  const { locale } = useI18n();
  if (!(host instanceof MemoryHost)) return null;
  const def = getSheet(sheet);
  return (
    <section aria-label={schemaLabel(def, locale)} data-grid-presence={sheet}>
      {presenceRows && presenceRows.size > 0 && <style data-testid="grid-presence">{gridPresenceCss(sheet, presenceRows)}</style>}
      <Subtitle1 as="h2">
        {def.section !== '-' ? `${def.section} ` : ''}
        {schemaLabel(def, locale)}
      </Subtitle1>
      <SheetGrid host={host} sheet={sheet} readOnly={readOnly} doc={doc} onDeleteRow={onDeleteRow} onCellDraft={onCellDraft} onCellLost={onCellLost} />
    </section>
  );
}
