import { DEMO_SECTORS } from './sectors';

export interface DemoUser {
  sub: string;
  name: string;
  role: 'coordinator' | 'editor' | 'viewer';
  /** Sectors an editor may write; empty for the other roles (as in the server's Principal). */
  sectors: string[];
}

/** Fictitious editors, one per example sector: the sector's PIAO referente, not its head. */
const EDITORS: Readonly<Record<string, { sub: string; name: string }>> = {
  'affari-generali': { sub: 'chiara.ferraris', name: 'Chiara Ferraris' },
  finanze: { sub: 'paolo.gatti', name: 'Paolo Gatti' },
  'lavori-pubblici': { sub: 'elena.rinaldi', name: 'Elena Rinaldi' },
  'servizi-cittadino': { sub: 'giulia.marchetti', name: 'Giulia Marchetti' },
  'polizia-locale': { sub: 'davide.cerutti', name: 'Davide Cerutti' },
};

/**
 * The demo's users. ALL NAMES ARE FICTITIOUS. The coordinator is the Segretario generale (head of
 * affari-generali in sectors.ts); the viewer is the OIV, who reads the whole plan.
 */
export const DEMO_USERS: ReadonlyArray<DemoUser> = [
  { sub: 'marco.bellini', name: 'Marco Bellini', role: 'coordinator', sectors: [] },
  ...DEMO_SECTORS.map((s) => {
    const e = EDITORS[s.id];
    if (!e) throw new Error(`Manca il referente demo del settore ${s.id}`);
    return { ...e, role: 'editor' as const, sectors: [s.id] };
  }),
  { sub: 'oiv', name: 'Stefano Moretti (OIV)', role: 'viewer', sectors: [] },
];
