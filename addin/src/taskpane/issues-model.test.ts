import { describe, expect, it } from 'vitest';
import type { Issue } from '@piao/shared/validate/issue';
import { countsBySheet, issuesInView, issuesOfRow, mergeIssues } from './issues-model';

const issue = (p: Partial<Issue>): Issue => ({
  rule: 'CELL_REQUIRED',
  severity: 'error',
  room: 'lavori-pubblici',
  sector: 'lavori-pubblici',
  sheet: 'obiettivi',
  rowId: 'r1',
  column: 'titolo',
  message: 'm',
  ...p,
});

describe('mergeIssues', () => {
  const open = new Set(['_piano', 'lavori-pubblici']);
  const liveMine = issue({ message: 'live mine' });
  const liveOther = issue({ room: 'tributi', sector: 'tributi', message: 'live other (empty doc: not trustworthy)' });
  const liveDup = issue({ rule: 'DUP_CODE', message: 'live dup' });
  const serverMine = issue({ message: 'server mine (stale)' });
  const serverOther = issue({ room: 'tributi', sector: 'tributi', message: 'server other' });
  const serverBudget = issue({ rule: 'FAB_BUDGET', room: '_piano', sector: null, sheet: 'fabbisogni', rowId: null, column: null, message: 'server budget' });

  it('takes open rooms live, closed rooms and cross-sector rules from the server', () => {
    const m = mergeIssues([liveMine, liveOther, liveDup], [serverMine, serverOther, serverBudget], open, false).map((i) => i.message);
    expect(m).toEqual(['live mine', 'server other', 'server budget']);
  });

  it('is all live when every sector is open', () => {
    const m = mergeIssues([liveMine, liveDup], [serverMine, serverBudget], open, true).map((i) => i.message);
    expect(m).toEqual(['live mine', 'live dup']);
  });

  it('takes the plan-wide rules over every sector\'s rows (flexible work, c. 557 limit, anticorruption areas) from the server', () => {
    // FAB_FLEX and FAB_557 sum the hires of every sector; AC_AREAS looks at the processes of every sector:
    // a pane with one sector open would see a partial plan (an area «missing» because it is mapped elsewhere).
    for (const rule of ['FAB_FLEX', 'FAB_557', 'AC_AREAS'] as const) {
      const live = issue({ rule, room: '_piano', sector: null, rowId: null, column: null, message: 'live partial' });
      const server = issue({ rule, room: '_piano', sector: null, rowId: null, column: null, message: 'server whole' });
      expect(mergeIssues([live], [server], open, false).map((i) => i.message)).toEqual(['server whole']);
      expect(mergeIssues([live], null, open, false)).toEqual([]);
    }
  });

  it('without server issues yet, shows what it can compute whole', () => {
    expect(mergeIssues([liveMine, liveOther, liveDup], null, open, false).map((i) => i.message)).toEqual(['live mine']);
  });
});

describe('issuesInView', () => {
  const list = [
    issue({ severity: 'warning', message: 'w mine' }),
    issue({ room: 'tributi', sector: 'tributi', message: 'e other' }),
    issue({ message: 'e mine' }),
    issue({ room: '_piano', sector: null, sheet: 'fabbisogni', rowId: null, column: null, rule: 'FAB_BUDGET', message: 'plan-wide' }),
    issue({ room: '_piano', sector: null, sheet: 'ente', rowId: null, column: 'pec', message: 'ente cell' }),
    issue({ room: '_piano', sector: null, sheet: 'formazione', rowId: null, column: 'ore', rule: 'TRAIN_HOURS', severity: 'warning', message: 'hours' }),
  ];
  it('shows the room and plan-wide rules about sector sheets, errors first', () => {
    expect(issuesInView(list, 'lavori-pubblici', false).map((i) => i.message)).toEqual(['e mine', 'plan-wide', 'w mine', 'hours']);
  });
  it('shows plan-level cells in the plan room', () => {
    expect(issuesInView(list, '_piano', false).map((i) => i.message)).toEqual(['plan-wide', 'ente cell', 'hours']);
  });
  it('shows everything for the whole plan', () => {
    expect(issuesInView(list, 'lavori-pubblici', true)).toHaveLength(6);
  });
});

describe('counts and rows', () => {
  const list = [
    issue({}),
    issue({ severity: 'warning', column: null, rule: 'OBJ_NO_INDICATOR' }),
    issue({ sheet: 'rischi', rowId: 'k' }),
    issue({ room: 'tributi' }),
  ];
  it('counts errors and warnings per sheet of one room', () => {
    const c = countsBySheet(list, 'lavori-pubblici');
    expect(c.get('obiettivi')).toEqual({ errors: 1, warnings: 1 });
    expect(c.get('rischi')).toEqual({ errors: 1, warnings: 0 });
    expect(c.has('indicatori')).toBe(false);
  });
  it('groups a row’s issues by column', () => {
    const r = issuesOfRow(list, 'lavori-pubblici', 'obiettivi', 'r1');
    expect(r.get('titolo')).toHaveLength(1);
    expect(r.get(null)?.[0]!.rule).toBe('OBJ_NO_INDICATOR');
  });
});
