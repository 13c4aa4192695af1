import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PLAN_STATES, PLAN_TARGET, SECTOR_STATES, checkMove, stateOf, type MoveContext, type WorkflowMove } from './workflow';

const SECTORS = ['a', 'b'];
const ALL_STATES: readonly string[] = [...SECTOR_STATES, ...PLAN_STATES, 'Inventato'];

type Actor = { role: MoveContext['role']; sectors: string[]; sub: string };
const ACTORS: Actor[] = [
  { role: 'coordinator', sectors: [], sub: 'coord' },
  { role: 'editor', sectors: ['a'], sub: 'ed-a' },
  { role: 'editor', sectors: ['b'], sub: 'ed-b' },
  { role: 'viewer', sectors: [], sub: 'oiv' },
];

const request = fc.record({
  actor: fc.nat({ max: ACTORS.length - 1 }),
  target: fc.constantFrom(PLAN_TARGET, ...SECTORS, 'c'),
  to: fc.constantFrom(...ALL_STATES),
  note: fc.option(fc.constantFrom('nota', ''), { nil: undefined }),
  atto: fc.option(fc.constantFrom('15', 'https://comune.example/piao'), { nil: undefined }),
  data: fc.option(fc.constantFrom('2030-01-28', '28/01/2030'), { nil: undefined }),
});

describe('workflow: sequenze casuali di richieste', () => {
  it('rispetta ruoli e passaggi qualunque sia l’ordine delle richieste', () => {
    const errorsIn = new Set(['b']);
    const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
    console.log(`workflow fast-check seed: ${seed} (ripetere con FC_SEED=${seed})`);
    fc.assert(
      fc.property(fc.array(request, { maxLength: 40 }), fc.boolean(), (reqs, bFixed) => {
        const log: WorkflowMove[] = [];
        for (const r of reqs) {
          const actor = ACTORS[r.actor]!;
          const ctx: MoveContext = {
            ...actor,
            now: '2030-01-01T00:00:00Z',
            planSectors: SECTORS,
            sectorErrors: (s) => (errorsIn.has(s) && !bFixed ? 1 : 0),
          };
          const res = checkMove(log, r, ctx);
          if (!res.ok) {
            expect(res.message).toMatch(/[a-zà-ù]/);
            continue;
          }
          const m = res.move;
          // Viewers never move anything; editors only send their own sector; the plan is the coordinator's.
          expect(actor.role).not.toBe('viewer');
          if (m.target === PLAN_TARGET || m.to !== 'Inviata dal settore') expect(actor.role).toBe('coordinator');
          else expect(actor.role === 'coordinator' || actor.sectors.includes(m.target)).toBe(true);
          if (m.to === 'Inviata dal settore') expect(errorsIn.has(m.target) && !bFixed).toBe(false);
          if (m.to === 'Proposta alla Giunta') for (const s of SECTORS) expect(stateOf(log, s)).toBe('Verificata dal coordinatore');
          if (m.to === 'Adottata') expect(m.atto && m.data).toMatch(/^\d{4}-\d{2}-\d{2}$/);
          if (m.to === 'Rinviata al settore') expect(m.note).toBeTruthy();
          expect(m.from).toBe(stateOf(log, m.target));
          log.push(m);
        }
        for (const s of SECTORS) expect(SECTOR_STATES).toContain(stateOf(log, s));
        expect(PLAN_STATES).toContain(stateOf(log, PLAN_TARGET));
      }),
      { numRuns: 300, seed, verbose: true },
    );
  });

  it('un percorso completo arriva a Trasmessa al DFP', () => {
    const log: WorkflowMove[] = [];
    const coord: MoveContext = { role: 'coordinator', sectors: [], sub: 'c', now: 'x', planSectors: ['a'], sectorErrors: () => 0 };
    const steps = [
      { target: 'a', to: 'Inviata dal settore' },
      { target: 'a', to: 'Verificata dal coordinatore' },
      { target: PLAN_TARGET, to: 'Proposta alla Giunta' },
      { target: PLAN_TARGET, to: 'Adottata', atto: '15', data: '2030-01-28' },
      { target: PLAN_TARGET, to: 'Pubblicata', atto: 'https://comune.example/piao', data: '2030-01-30' },
      { target: PLAN_TARGET, to: 'Trasmessa al DFP', data: '2030-01-31' },
    ];
    for (const s of steps) {
      const r = checkMove(log, s, coord);
      if (!r.ok) throw new Error(r.message);
      log.push(r.move);
    }
    expect(stateOf(log, PLAN_TARGET)).toBe('Trasmessa al DFP');
    // A Variazione opens a new draft, adopted again as version 2.
    const bad = checkMove(log, { target: PLAN_TARGET, to: 'Bozza', atto: 'Rifacimento' }, coord);
    expect(bad.ok || bad.message).toMatch(/Aggiornamento o Variazione/);
    for (const s of [
      { target: PLAN_TARGET, to: 'Bozza', atto: 'Variazione', note: 'Nuove assunzioni' },
      { target: 'a', to: 'Rinviata al settore', note: 'Aggiornare i fabbisogni' },
      { target: 'a', to: 'Inviata dal settore' },
      { target: 'a', to: 'Verificata dal coordinatore' },
      { target: PLAN_TARGET, to: 'Proposta alla Giunta' },
      { target: PLAN_TARGET, to: 'Adottata', atto: '40', data: '2030-06-10' },
    ]) {
      const r = checkMove(log, s, coord);
      if (!r.ok) throw new Error(r.message);
      log.push(r.move);
    }
    expect(log.at(-1)!.versione).toBe(2);
  });
});
