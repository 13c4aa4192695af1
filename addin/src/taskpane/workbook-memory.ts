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

export function writeWorkbookBinding(settings: DocumentSettings | null, b: WorkbookBinding): void {
  if (!settings) return;
  const prev = readWorkbookBinding(settings);
  if (prev && prev.ente === b.ente && prev.triennio === b.triennio && prev.room === b.room) return;
  try {
    settings.set(KEY, { ...b });
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
