/**
 * Approval workflow of a plan (issue 13 item 1), pure: states of each sector's part and of the whole
 * plan, who may move each step, what a step needs. The moves are a log (who, when, note); the current
 * state is the last move's. The server appends moves (sync-server/src/http/workflow-routes.ts).
 */

export const SECTOR_STATES = ['Bozza', 'Inviata dal settore', 'Verificata dal coordinatore', 'Rinviata al settore'] as const;
export const PLAN_STATES = ['Bozza', 'In consultazione pubblica', 'Proposta alla Giunta', 'Adottata', 'Pubblicata', 'Trasmessa al DFP'] as const;
export type SectorState = (typeof SECTOR_STATES)[number];
export type PlanState = (typeof PLAN_STATES)[number];
export type WorkflowState = SectorState | PlanState;

/** The plan itself, as the target of a move (sectors are named by their id). */
export const PLAN_TARGET = '_piano';

export interface WorkflowMove {
  /** `_piano` or a sector id. */
  target: string;
  from: WorkflowState;
  to: WorkflowState;
  sub: string;
  /** ISO timestamp. */
  at: string;
  note: string | null;
  /** Adoption: deliberation number; publication: URL. */
  atto: string | null;
  /** Adoption, publication, transmission: the date of the act (ISO `YYYY-MM-DD`). */
  data: string | null;
  /** Adoption: SHA-256 of the plan's canonical content at that moment (version/canonical.ts). */
  hash: string | null;
  /** Adoption: number of the frozen version it made (1 for the first adoption, 2 for an update…). */
  versione: number | null;
}

export interface MoveRequest {
  target: string;
  to: string;
  note?: unknown;
  atto?: unknown;
  data?: unknown;
}

export interface MoveContext {
  role: 'coordinator' | 'editor' | 'viewer';
  /** Sectors the caller may edit (editors). */
  sectors: readonly string[];
  sub: string;
  now: string;
  /** The plan's sectors, in order. */
  planSectors: readonly string[];
  /** Errors open in a sector (validation), to refuse sending an incomplete part. */
  sectorErrors: (sector: string) => number;
}

export type MoveResult = { ok: true; move: WorkflowMove } | { ok: false; status: 400 | 403 | 409; message: string };

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim().slice(0, 500) : null);

/** The current state of a target: its last move's, or Bozza. */
export function stateOf(log: readonly WorkflowMove[], target: string): WorkflowState {
  for (let i = log.length - 1; i >= 0; i--) if (log[i]!.target === target) return log[i]!.to;
  return 'Bozza';
}

export function workflowStates(log: readonly WorkflowMove[], planSectors: readonly string[]): { plan: WorkflowState; sectors: Record<string, WorkflowState> } {
  return { plan: stateOf(log, PLAN_TARGET), sectors: Object.fromEntries(planSectors.map((s) => [s, stateOf(log, s)])) };
}

/** Sector steps: who (role) may go from which states to which. */
const SECTOR_STEPS: ReadonlyArray<{ to: SectorState; from: readonly WorkflowState[]; who: 'sector' | 'coordinator' }> = [
  { to: 'Inviata dal settore', from: ['Bozza', 'Rinviata al settore'], who: 'sector' },
  { to: 'Verificata dal coordinatore', from: ['Inviata dal settore'], who: 'coordinator' },
  { to: 'Rinviata al settore', from: ['Inviata dal settore', 'Verificata dal coordinatore'], who: 'coordinator' },
];

const PLAN_STEPS: ReadonlyArray<{ to: PlanState; from: readonly WorkflowState[] }> = [
  { to: 'In consultazione pubblica', from: ['Bozza'] },
  { to: 'Proposta alla Giunta', from: ['Bozza', 'In consultazione pubblica'] },
  { to: 'Adottata', from: ['Proposta alla Giunta'] },
  { to: 'Pubblicata', from: ['Adottata'] },
  { to: 'Trasmessa al DFP', from: ['Pubblicata'] },
  // A new draft version after adoption (an Aggiornamento or a Variazione), adopted again the same way.
  { to: 'Bozza', from: ['Adottata', 'Pubblicata', 'Trasmessa al DFP'] },
];

/** Kinds of a new draft version opened after adoption. */
export const NEW_VERSION_KINDS = ['Aggiornamento', 'Variazione'] as const;

/** Checks a requested move against the roles, the current states and what the step needs. */
export function checkMove(log: readonly WorkflowMove[], req: MoveRequest, ctx: MoveContext): MoveResult {
  const note = text(req.note);
  const atto = text(req.atto);
  const data = text(req.data);
  const base = { target: req.target, sub: ctx.sub, at: ctx.now, note, atto: null as string | null, data: null as string | null, hash: null, versione: null };
  if (ctx.role === 'viewer') return { ok: false, status: 403, message: 'Chi ha accesso in sola lettura non può cambiare lo stato del piano' };
  const from = stateOf(log, req.target);
  if (req.target === PLAN_TARGET) {
    const step = PLAN_STEPS.find((s) => s.to === req.to);
    if (!step) return { ok: false, status: 400, message: `Stato del piano sconosciuto: "${req.to}" (ammessi: ${PLAN_STATES.join(', ')})` };
    if (ctx.role !== 'coordinator') return { ok: false, status: 403, message: 'Solo il coordinatore può cambiare lo stato del piano' };
    if (!step.from.includes(from)) return { ok: false, status: 409, message: `Il piano è «${from}»: non può passare a «${step.to}»` };
    if (step.to === 'Proposta alla Giunta') {
      const missing = ctx.planSectors.filter((s) => stateOf(log, s) !== 'Verificata dal coordinatore');
      if (missing.length > 0) return { ok: false, status: 409, message: `Prima di proporre il piano alla Giunta vanno verificate le parti dei settori: ${missing.join(', ')}` };
    }
    if (step.to === 'Adottata' && (!atto || !data || !ISO_DATE.test(data))) {
      return { ok: false, status: 400, message: 'Per l\'adozione indicare il numero della deliberazione (atto) e la data (AAAA-MM-GG)' };
    }
    if (step.to === 'Pubblicata' && (!atto || !/^https?:\/\//.test(atto) || !data || !ISO_DATE.test(data))) {
      return { ok: false, status: 400, message: "Per la pubblicazione indicare l'indirizzo della pagina (atto, https://…) e la data (AAAA-MM-GG)" };
    }
    if (step.to === 'Bozza' && !(NEW_VERSION_KINDS as readonly string[]).includes(atto ?? '')) {
      return { ok: false, status: 400, message: `Per aprire una nuova versione del piano adottato indicare il tipo (atto): ${NEW_VERSION_KINDS.join(' o ')}` };
    }
    if (step.to === 'Trasmessa al DFP' && (!data || !ISO_DATE.test(data))) {
      return { ok: false, status: 400, message: 'Indicare la data di trasmissione al portale PIAO del Dipartimento della funzione pubblica (AAAA-MM-GG)' };
    }
    const versione = step.to === 'Adottata' ? log.filter((m) => m.target === PLAN_TARGET && m.to === 'Adottata').length + 1 : null;
    return { ok: true, move: { ...base, from, to: step.to, atto, data, versione } };
  }
  if (!ctx.planSectors.includes(req.target)) return { ok: false, status: 400, message: `Il settore "${req.target}" non è nel piano` };
  const step = SECTOR_STEPS.find((s) => s.to === req.to);
  if (!step) return { ok: false, status: 400, message: `Stato del settore sconosciuto: "${req.to}" (ammessi: ${SECTOR_STATES.slice(1).join(', ')})` };
  const planState = stateOf(log, PLAN_TARGET);
  if (planState !== 'Bozza' && planState !== 'In consultazione pubblica') {
    return { ok: false, status: 409, message: `Il piano è «${planState}»: le parti dei settori non si possono più cambiare di stato` };
  }
  const mayAct = step.who === 'coordinator' ? ctx.role === 'coordinator' : ctx.role === 'coordinator' || ctx.sectors.includes(req.target);
  if (!mayAct) {
    return { ok: false, status: 403, message: step.who === 'coordinator' ? 'Solo il coordinatore verifica o rinvia le parti dei settori' : `Non puoi inviare la parte del settore ${req.target}` };
  }
  if (!step.from.includes(from)) return { ok: false, status: 409, message: `La parte del settore ${req.target} è «${from}»: non può passare a «${step.to}»` };
  if (step.to === 'Inviata dal settore') {
    const errors = ctx.sectorErrors(req.target);
    if (errors > 0) return { ok: false, status: 409, message: `La parte del settore ${req.target} ha ${errors === 1 ? '1 errore' : `${errors} errori`}: correggerli prima di inviarla` };
  }
  if (step.to === 'Rinviata al settore' && !note) return { ok: false, status: 400, message: 'Per rinviare la parte al settore scrivere nella nota che cosa va corretto' };
  return { ok: true, move: { ...base, from, to: step.to } };
}
