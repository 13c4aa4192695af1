import { afterEach, describe, expect, it } from 'vitest';
import { PLAN_ROOM } from '@piao/shared/doc/rooms';
import type { PlanInfo } from './api';
import { initialRoom } from './useRoomChoice';

const info = (role: PlanInfo['me']['role'], sectors: string[]): PlanInfo =>
  ({
    ente: 'casale-monferrato',
    triennio: '2022-2024',
    denominazione: 'Comune',
    sectors: [
      { id: 'affari-generali', denominazione: 'Affari generali' },
      { id: 'lavori-pubblici', denominazione: 'Lavori pubblici' },
    ],
    access: {},
    me: { sub: 'x', name: 'X', role, sectors },
  }) as unknown as PlanInfo;

const stored = new Map<string, string>();
globalThis.localStorage ??= {
  getItem: (k: string) => stored.get(k) ?? null,
  setItem: (k: string, v: string) => void stored.set(k, v),
  removeItem: (k: string) => void stored.delete(k),
} as unknown as Storage;
afterEach(() => globalThis.localStorage.removeItem('piao.room.casale-monferrato/2022-2024'));

describe('the room the pane opens on', () => {
  it("an editor's own sector", () => {
    expect(initialRoom(info('editor', ['lavori-pubblici']), 'browser')).toBe('lavori-pubblici');
  });

  // Issue 9 item 9: the coordinator opened on the first sector in the list (someone else's), and his
  // issue list with it; his own scope is the plan-wide sheets.
  it("the coordinator's own scope: the plan (_piano), not the first sector", () => {
    expect(initialRoom(info('coordinator', []), 'browser')).toBe(PLAN_ROOM);
  });

  it('the room chosen last time wins', () => {
    globalThis.localStorage.setItem('piao.room.casale-monferrato/2022-2024', 'affari-generali');
    expect(initialRoom(info('coordinator', []), 'browser')).toBe('affari-generali');
  });
});
