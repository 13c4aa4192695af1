import { describe, expect, it } from 'vitest';
import { checkMove, PLAN_STATES, type WorkflowMove, type WorkflowState } from '@piao/shared/workflow/index';
import { adoptedVersions, coordinatorSectorSteps, daysLeft, maySend, nextTriennio, planSteps } from './adoption-model';

const ctx = { role: 'coordinator' as const, sectors: [], sub: 'c', now: 't', planSectors: ['a'], sectorErrors: () => 0 };
const at = (to: WorkflowState, target = '_piano'): WorkflowMove => ({ target, from: 'Bozza', to, sub: 'c', at: 't', note: null, atto: null, data: null, hash: null, versione: null });

describe('adoption-model', () => {
  it('offers, for every plan state, exactly the plan steps shared/workflow accepts from it (given their fields)', () => {
    // Every candidate gets the fields its step needs, so a step the model forgot would be caught.
    const atto: Partial<Record<string, string>> = { Adottata: '1', Pubblicata: 'https://x.it', Bozza: 'Aggiornamento' };
    for (const state of PLAN_STATES) {
      const log = [at('Verificata dal coordinatore', 'a'), ...(state === 'Bozza' ? [] : [at(state)])];
      const accepted = [...PLAN_STATES, 'Bozza' as const].filter((to, i, all) => all.indexOf(to) === i).filter((to) => {
        return checkMove(log, { target: '_piano', to, atto: atto[to], data: '2022-01-28' }, ctx).ok;
      });
      expect(planSteps(state).map((s) => s.to).sort(), state).toEqual(accepted.sort());
      // …and the fields each step asks for are the ones the server needs.
      for (const step of planSteps(state)) expect(step.needs.atto !== undefined, `${state} → ${step.to}`).toBe(atto[step.to] !== undefined);
    }
  });

  it('sector steps follow the states', () => {
    expect(maySend('Bozza') && maySend('Rinviata al settore')).toBe(true);
    expect(maySend('Inviata dal settore')).toBe(false);
    expect(coordinatorSectorSteps('Inviata dal settore')).toEqual(['Verificata dal coordinatore', 'Rinviata al settore']);
    expect(coordinatorSectorSteps('Bozza')).toEqual([]);
  });

  it('lists adopted versions, the next triennium and the days left', () => {
    expect(adoptedVersions([{ ...at('Adottata'), versione: 1, atto: '12', data: '2022-01-28' }, at('Pubblicata')])).toEqual([{ versione: 1, atto: '12', data: '2022-01-28', hash: null }]);
    expect(nextTriennio('2022-2024')).toBe('2023-2025');
    expect(nextTriennio('x')).toBeNull();
    expect(daysLeft('2022-01-31', '2022-01-20')).toBe(11);
    expect(daysLeft('2022-01-31', '2022-02-03')).toBe(-3);
  });
});
