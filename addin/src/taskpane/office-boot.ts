/**
 * Start-up inside or outside Office. Office.js decides it runs in an Office host from signals Office
 * puts in the page; the pane reads the same ones, so a slow `Office.onReady` inside Excel is waited for
 * instead of being taken for a plain browser (issue 8 defect 14: the pane fell back to browser mode
 * after 5 s and then edited nothing in Excel).
 */

/**
 * The places office.js itself looks for the host description, in `OSF._OfficeAppFactory`'s
 * `_retrieveHostInfo` (node_modules/@microsoft/office-js/dist/office.debug.js): `window.external.GetHostInfo()`
 * (or `agaveHost.GetHostInfo()`) in desktop hosts, the `_host_Info` query parameter Office adds to the task
 * pane URL, a JSON `window.name` with `hostInfo`, and `sessionStorage.hostInfoValue` after a navigation.
 */
export interface HostSignals {
  search: string;
  windowName: string;
  sessionHostInfo: string | null;
  externalHostInfo: boolean;
}

export function readHostSignals(win: Window & typeof globalThis): HostSignals {
  const ext = (win as { external?: { GetHostInfo?: unknown } }).external;
  const agave = (win as { agaveHost?: { GetHostInfo?: unknown } }).agaveHost;
  let sessionHostInfo: string | null = null;
  try {
    sessionHostInfo = win.sessionStorage?.getItem('hostInfoValue') ?? null;
  } catch {
    sessionHostInfo = null; // storage blocked
  }
  return {
    search: win.location?.search ?? '',
    windowName: typeof win.name === 'string' ? win.name : '',
    sessionHostInfo,
    externalHostInfo: typeof ext?.GetHostInfo === 'function' || typeof agave?.GetHostInfo === 'function',
  };
}

/** True when the page was opened by an Office host (any of office.js's own signals is present). */
export function looksHosted(s: HostSignals): boolean {
  if (s.externalHostInfo || s.sessionHostInfo) return true;
  if (new URLSearchParams(s.search).has('_host_Info')) return true;
  try {
    const parsed: unknown = JSON.parse(s.windowName);
    return typeof parsed === 'object' && parsed !== null && typeof (parsed as { hostInfo?: unknown }).hostInfo === 'string';
  } catch {
    return false;
  }
}

/** The part of the `Office` global used at start-up. */
export interface OfficeBootApi {
  onReady(): Promise<{ host: unknown; platform?: unknown } | null | undefined>;
  HostType: { Excel: unknown };
  context?: { displayLanguage?: string };
}

export type BootResult =
  | { kind: 'excel'; displayLanguage: string | null }
  | { kind: 'browser' }
  /** Opened by Office, but office.js is not there (blocked CDN, proxy): nothing can work in Excel. */
  | { kind: 'office-missing' };

export interface BootOptions {
  office: OfficeBootApi | undefined;
  hosted: boolean;
  /** Outside Office, how long office.js may take before the pane starts in browser mode. */
  browserTimeoutMs?: number;
  /** Inside Office, called once if `onReady` takes longer than `slowMs` (to show progress). */
  onSlow?: () => void;
  slowMs?: number;
}

/**
 * Waits for Office. Outside Office, office.js answers at once with no host (or is missing), and a stuck
 * `onReady` is bounded; inside Office, `onReady` is awaited however long it takes — the pane shows
 * progress, never browser mode.
 */
export async function bootOffice(o: BootOptions): Promise<BootResult> {
  const office = o.office;
  if (!office || typeof office.onReady !== 'function') return o.hosted ? { kind: 'office-missing' } : { kind: 'browser' };
  let info: Awaited<ReturnType<OfficeBootApi['onReady']>> | 'timeout';
  if (o.hosted) {
    const slow = setTimeout(() => o.onSlow?.(), o.slowMs ?? 1500);
    try {
      info = await office.onReady();
    } finally {
      clearTimeout(slow);
    }
  } else {
    let timer: ReturnType<typeof setTimeout> | undefined;
    info = await Promise.race([office.onReady(), new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), o.browserTimeoutMs ?? 5000)))]);
    clearTimeout(timer);
  }
  if (info === 'timeout' || !info || info.host !== office.HostType.Excel) return { kind: 'browser' };
  let displayLanguage: string | null = null;
  try {
    displayLanguage = office.context?.displayLanguage ?? null;
  } catch {
    displayLanguage = null;
  }
  return { kind: 'excel', displayLanguage };
}
