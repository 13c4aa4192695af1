/**
 * Which plan room a workbook is bound to, kept in the workbook's own settings (Office document
 * settings travel with the file): reopening the pane in that workbook re-binds its sheets at once, and a
 * workbook bound to one sector is not silently re-filled with another plan.
 */
export interface WorkbookBinding {
  ente: string;
  triennio: string;
  room: string;
}

/** The part of `Office.context.document.settings` used here. */
export interface DocumentSettings {
  get(name: string): unknown;
  set(name: string, value: unknown): void;
  saveAsync(callback?: (result: unknown) => void): void;
}

const KEY = 'piao.binding';
/**
 * The document setting that makes Office open the manifest's task pane whose TaskpaneId is
 * `Office.AutoShowTaskpaneWithDocument` when the workbook is opened ("Automatically open a task pane
 * with a document", learn.microsoft.com/office/dev/add-ins/develop/automatically-open-a-task-pane-with-a-document).
 * A bound workbook must reopen its pane: edits made in it while the pane is closed are not shared.
 */
export const AUTO_SHOW_SETTING = 'Office.AutoShowTaskpaneWithDocument';

export function readWorkbookBinding(settings: DocumentSettings | null): WorkbookBinding | null {
  let v: unknown;
  try {
    v = settings?.get(KEY);
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null) return null;
  const { ente, triennio, room } = v as Record<string, unknown>;
  return typeof ente === 'string' && typeof triennio === 'string' && typeof room === 'string' ? { ente, triennio, room } : null;
}

/** Remembers the room in the workbook and tags it to open the pane with it; saves only on change. */
export function writeWorkbookBinding(settings: DocumentSettings | null, b: WorkbookBinding): void {
  if (!settings) return;
  try {
    const prev = readWorkbookBinding(settings);
    const same = prev && prev.ente === b.ente && prev.triennio === b.triennio && prev.room === b.room;
    if (same && settings.get(AUTO_SHOW_SETTING) === true) return;
    settings.set(KEY, { ...b });
    settings.set(AUTO_SHOW_SETTING, true);
    settings.saveAsync();
  } catch {
    // Only a convenience: the user can still press "Apri in Excel".
  }
}

/** The workbook's settings when the pane runs inside Office, else null. */
export function officeDocumentSettings(): DocumentSettings | null {
  try {
    const s = (globalThis as { Office?: { context?: { document?: { settings?: DocumentSettings } } } }).Office?.context?.document?.settings;
    return s ?? null;
  } catch {
    return null;
  }
}
