import type * as Y from 'yjs';
import type { RoomConnection, RoomStatus } from '../sync/room-connection';
import type { BindingMode } from './useSheetBinding';

export interface BindableDoc {
  /** The room's document once it may be bound; null while waiting. */
  doc: Y.Doc | null;
  /** What the binding waits for: the local copy (IndexedDB), or a sync with the server in this session. */
  waiting: 'local' | 'server' | null;
}

/**
 * Whether a room's document may be bound to a spreadsheet host now (issue 8 defect 1). Binding makes
 * the document win over the workbook, so in Excel the document must be complete first: loaded from the
 * IndexedDB cache *and* synced with the server in this session. A cache alone is not enough (in Excel on
 * the web storage is partitioned, so it is often empty or stale). The browser grids start empty, so they
 * bind the local copy at once and the pane works offline.
 */
export function bindableDoc(mode: BindingMode, conn: RoomConnection | null, status: RoomStatus | null): BindableDoc {
  if (!conn || !status) return { doc: null, waiting: 'local' };
  if (!status.localLoaded) return { doc: null, waiting: 'local' };
  if (mode === 'excel' && !status.everSynced) return { doc: null, waiting: 'server' };
  return { doc: conn.doc, waiting: null };
}

/**
 * {@link bindableDoc} for rendering: `status` (from `useRoomStatus`) makes the caller re-render on
 * change; the connection's own status is read, since right after a room switch the rendered status can
 * still be the previous room's.
 */
export function useBindableDoc(mode: BindingMode, conn: RoomConnection | null, status: RoomStatus | null): BindableDoc {
  return bindableDoc(mode, conn, status && conn ? conn.status : null);
}
