import { PLAN_TARGET } from '@piao/shared/workflow/index';
import type { WorkflowInfo, WorkflowMoveInfo } from './api';

/**
 * What the "Iter del piano" panel offers (issue 13), pure. The server decides what is allowed
 * (shared/workflow checkMove): the pane only proposes the steps that follow the current state and
 * shows the server's Italian refusal when a step is not allowed after all.
 */

export const PLAN = PLAN_TARGET;

/** A plan step the coordinator can ask for, and what it needs typed in. */
export interface PlanStep {
  to: string;
  /** `atto` holds the deliberation number (Adottata), the page URL (Pubblicata), the kind (Bozza). */
  needs: { atto?: 'delibera' | 'url' | 'tipo'; data?: true };
}

const PLAN_NEXT: Record<string, PlanStep[]> = {
  Bozza: [{ to: 'In consultazione pubblica', needs: {} }, { to: 'Proposta alla Giunta', needs: {} }],
  'In consultazione pubblica': [{ to: 'Proposta alla Giunta', needs: {} }],
  'Proposta alla Giunta': [{ to: 'Adottata', needs: { atto: 'delibera', data: true } }],
  Adottata: [{ to: 'Pubblicata', needs: { atto: 'url', data: true } }, { to: 'Bozza', needs: { atto: 'tipo' } }],
  Pubblicata: [{ to: 'Trasmessa al DFP', needs: { data: true } }, { to: 'Bozza', needs: { atto: 'tipo' } }],
  'Trasmessa al DFP': [{ to: 'Bozza', needs: { atto: 'tipo' } }],
};

export function planSteps(state: string): PlanStep[] {
  return PLAN_NEXT[state] ?? [];
}

/** Sector steps the coordinator can take on a sector's part in its current state. */
export function coordinatorSectorSteps(state: string): Array<'Verificata dal coordinatore' | 'Rinviata al settore'> {
  if (state === 'Inviata dal settore') return ['Verificata dal coordinatore', 'Rinviata al settore'];
  if (state === 'Verificata dal coordinatore') return ['Rinviata al settore'];
  return [];
}

/** A sector head may send their part from Bozza or after it was sent back. */
export function maySend(state: string): boolean {
  return state === 'Bozza' || state === 'Rinviata al settore';
}

/** Sector parts change state only while the plan is a draft (or in public consultation). */
export function sectorsOpen(planState: string): boolean {
  return planState === 'Bozza' || planState === 'In consultazione pubblica';
}

/** The note of the last "Rinviata al settore" move of a sector, when that is its state. */
export function sendBackNote(wf: WorkflowInfo, sector: string): string | null {
  if (wf.sectors[sector] !== 'Rinviata al settore') return null;
  for (let i = wf.moves.length - 1; i >= 0; i--) {
    const m = wf.moves[i]!;
    if (m.target === sector && m.to === 'Rinviata al settore') return m.note;
  }
  return null;
}

/** An adopted version: its number, deliberation and date (from the adoption moves). */
export interface AdoptedVersion {
  versione: number;
  atto: string | null;
  data: string | null;
  hash: string | null;
}

export function adoptedVersions(moves: readonly WorkflowMoveInfo[]): AdoptedVersion[] {
  return moves
    .filter((m) => m.target === PLAN && m.to === 'Adottata' && typeof m.versione === 'number')
    .map((m) => ({ versione: m.versione!, atto: m.atto, data: m.data, hash: m.hash }));
}

/** The triennium after `AAAA-AAAA` (2022-2024 → 2023-2025), or null. */
export function nextTriennio(triennio: string): string | null {
  const m = /^(\d{4})-(\d{4})$/.exec(triennio);
  return m ? `${Number(m[1]) + 1}-${Number(m[2]) + 1}` : null;
}

/** Whole days from `today` to `date` (both `YYYY-MM-DD`; negative once passed), or null. */
export function daysLeft(date: string, today: string): number | null {
  const a = Date.parse(`${date}T00:00:00Z`);
  const b = Date.parse(`${today}T00:00:00Z`);
  return Number.isNaN(a) || Number.isNaN(b) ? null : Math.round((a - b) / 86_400_000);
}
