import { TOKEN_REFRESH_PATH, type TokenRefreshResponse } from '@piao/shared/protocol/identity';
import type { HistoryPage } from '@piao/shared/doc/history';
import type { Issue } from '@piao/shared/validate/issue';
import type {
  Access,
  ImportAcceptedResponse,
  ImportApplied,
  ImportCellError,
  ImportConflict,
  ImportRefusedResponse,
  MoveAsk,
  MoveResponse,
  PlanFromResponse,
  PlanInfo,
  PlansListResponse,
  PlanSummary,
  WorkflowInfo,
} from '@piao/shared/protocol/http-api';

/** The HTTP API types are the shared contract (`@piao/shared/protocol/http-api`); re-exported for the pane's files. */
export type {
  Access,
  ImportApplied,
  ImportCellError,
  ImportConflict,
  Me,
  MoveAsk,
  PlanDeadlineInfo,
  PlanInfo,
  PlanSummary,
  Role,
  WorkflowInfo,
  WorkflowMoveInfo,
} from '@piao/shared/protocol/http-api';

/** An import as the pane sees it: accepted (with what it did and the conflicts) or refused with the bad cells. */
export type ImportResult =
  | { ok: true; applied?: ImportApplied; conflicts: ImportConflict[] }
  | { ok: false; message: string; errors: ImportCellError[] };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

const seg = encodeURIComponent;

/** A downloaded file and the name the server gave it. */
export interface Download {
  blob: Blob;
  filename: string;
}

/** The file name of a `Content-Disposition` header (`filename*=UTF-8''…` preferred, RFC 6266). */
export function filenameOf(header: string | null): string | null {
  if (!header) return null;
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[1]!.trim());
    } catch {
      // fall through to the plain parameter
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;\s]+)/i.exec(header);
  return plain ? (plain[1] ?? plain[2] ?? null) : null;
}

/** The HTTP API of the PIAO Collab server (same origin as the pane), with the bearer token. */
export class PiaoApi {
  constructor(
    private readonly token: string,
    private readonly base = '',
    private readonly fetchFn: Fetch = (i, init) => fetch(i, init),
  ) {}

  private planPath(ente: string, triennio: string): string {
    return `${this.base}/api/plans/${seg(ente)}/${seg(triennio)}`;
  }

  private async json<T>(path: string, init: RequestInit = {}): Promise<T> {
    const res = await this.fetchFn(path, {
      ...init,
      headers: { accept: 'application/json', authorization: `Bearer ${this.token}`, ...(init.headers ?? {}) },
    });
    const body: unknown = await res.json().catch(() => null);
    if (!res.ok) {
      const msg = typeof body === 'object' && body && 'error' in body ? String((body as { error: unknown }).error) : res.statusText;
      throw new ApiError(res.status, msg || `HTTP ${res.status}`);
    }
    return body as T;
  }

  /** A new token for the same user, same lifetime (POST /api/token/refresh with the current one). */
  refreshToken(): Promise<TokenRefreshResponse> {
    return this.json<TokenRefreshResponse>(`${this.base}${TOKEN_REFRESH_PATH}`, { method: 'POST' });
  }

  async listPlans(): Promise<PlanSummary[]> {
    const body = await this.json<Partial<PlansListResponse> | PlanSummary[]>(`${this.base}/api/plans`);
    return Array.isArray(body) ? body : (body.plans ?? []);
  }

  planInfo(ente: string, triennio: string): Promise<PlanInfo> {
    return this.json<PlanInfo>(this.planPath(ente, triennio));
  }

  async issues(ente: string, triennio: string): Promise<Issue[]> {
    const body = await this.json<{ issues?: Issue[] } | Issue[]>(`${this.planPath(ente, triennio)}/issues`);
    return Array.isArray(body) ? body : (body.issues ?? []);
  }

  /**
   * A page of the plan's history (who changed which cells, with previous values). `order: 'desc'` reads
   * newest first from `before`; `room` (a sector id or `_piano`), `sheet`, `row`, `column` narrow it.
   */
  history(ente: string, triennio: string, q: { order?: 'desc'; before?: number; since?: number; limit?: number; room?: string; sheet?: string; row?: string; column?: string } = {}): Promise<HistoryPage> {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') params.set(k, String(v));
    const qs = params.toString();
    return this.json<HistoryPage>(`${this.planPath(ente, triennio)}/history${qs ? `?${qs}` : ''}`);
  }

  /** The consolidated workbook, fetched with the bearer header (never a token in a URL). */
  downloadExport(ente: string, triennio: string): Promise<Download> {
    return this.download(`${this.planPath(ente, triennio)}/export.xlsx`, `PIAO_${ente}_${triennio}.xlsx`);
  }

  /** A sector's template, fetched with the bearer header. */
  downloadTemplate(ente: string, triennio: string, sector: string): Promise<Download> {
    return this.download(`${this.planPath(ente, triennio)}/sectors/${seg(sector)}/template.xlsx`, `PIAO_${sector}_${triennio}.xlsx`);
  }

  /** The states and moves of the plan's approval workflow. */
  workflow(ente: string, triennio: string): Promise<WorkflowInfo> {
    return this.json<WorkflowInfo>(`${this.planPath(ente, triennio)}/workflow`);
  }

  /** One workflow move (POST …/workflow); a refused move throws ApiError with the server's Italian message. */
  move(ente: string, triennio: string, ask: MoveAsk): Promise<MoveResponse> {
    return this.json(`${this.planPath(ente, triennio)}/workflow`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ask),
    });
  }

  /** The plan's document (the live draft, or adopted version `versione`), fetched with the bearer header. */
  downloadDocument(ente: string, triennio: string, format: 'pdf' | 'docx', versione?: number): Promise<Download> {
    const path = versione === undefined ? `document.${format}` : `versions/${versione}/document.${format}`;
    const name = versione === undefined ? `PIAO-${ente}-${triennio}.${format}` : `PIAO-${ente}-${triennio}-v${versione}.${format}`;
    return this.download(`${this.planPath(ente, triennio)}/${path}`, name);
  }

  /** The next plan rolled forward from `from` (POST /api/plans {triennio, from}; coordinator only). */
  createPlanFrom(triennio: string, from: string): Promise<PlanFromResponse> {
    return this.json(`${this.base}/api/plans`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ triennio, from }),
    });
  }

  /**
   * A file as a blob: a link with `?token=` would leave the token in history, server logs and proxies,
   * so downloads are fetched with the header and saved from memory.
   */
  private async download(path: string, fallbackName: string): Promise<Download> {
    const res = await this.fetchFn(path, { headers: { authorization: `Bearer ${this.token}` } });
    if (!res.ok) {
      const body: unknown = await res.json().catch(() => null);
      const msg = typeof body === 'object' && body && 'error' in body ? String((body as { error: unknown }).error) : res.statusText;
      throw new ApiError(res.status, msg || `HTTP ${res.status}`);
    }
    return { blob: await res.blob(), filename: filenameOf(res.headers.get('content-disposition')) ?? fallbackName };
  }

  /**
   * Uploads a filled sector template; a refused file comes back with its bad cells. `force` lists the
   * keys of conflicts the user chose to overwrite (the same file sent again).
   */
  async importSector(ente: string, triennio: string, sector: string, file: Blob, force: readonly string[] = []): Promise<ImportResult> {
    const qs = force.length > 0 ? `?force=${seg(force.join(','))}` : '';
    const res = await this.fetchFn(`${this.planPath(ente, triennio)}/sectors/${seg(sector)}/import${qs}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${this.token}`,
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        accept: 'application/json',
      },
      body: file,
    });
    if (res.ok) {
      const ok = (await res.json().catch(() => null)) as Partial<ImportAcceptedResponse> | null;
      return { ok: true, ...(ok?.applied ? { applied: ok.applied } : {}), conflicts: ok?.conflicts ?? [] };
    }
    const body = (await res.json().catch(() => null)) as Partial<ImportRefusedResponse> | null;
    if (res.status === 422) return { ok: false, message: body?.error ?? 'file non valido', errors: body?.errors ?? [] };
    throw new ApiError(res.status, body?.error ?? res.statusText);
  }
}

/** Access to a room, whichever way the server keys it (full room name or bare room id). */
export function roomAccess(info: PlanInfo, room: string): Access {
  return info.access[`${info.ente}/${info.triennio}/${room}`] ?? info.access[room] ?? 'none';
}
