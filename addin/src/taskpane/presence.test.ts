import { describe, expect, it } from 'vitest';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { authorNames, colorFor, nameOfSub, othersOnRow, presenceEntries, rowsOfOthers } from './presence';

describe('presenceEntries', () => {
  it('lists self first, then others by name, with where they are', () => {
    const states = new Map<number, unknown>([
      [3, { user: { sub: 'z', name: 'Zeno', color: '#000' }, sector: 'tributi', sheet: 'rischi', rowId: 'r1' }],
      [1, { user: { sub: 'me', name: 'Mario', color: '#111' }, sector: 'lavori-pubblici', sheet: null, rowId: null }],
      [2, { user: { sub: 'a', name: 'Anna', color: '#222' }, sector: 'lavori-pubblici', sheet: 'obiettivi', rowId: 'x' }],
    ]);
    const list = presenceEntries(states, 1);
    expect(list.map((e) => [e.user.name, e.self])).toEqual([
      ['Mario', true],
      ['Anna', false],
      ['Zeno', false],
    ]);
    expect(list[2]).toMatchObject({ sector: 'tributi', sheet: 'rischi', rowId: 'r1' });
  });

  it('skips states written by foreign clients without a user, and duplicate tabs at one place', () => {
    const same = { user: { sub: 'a', name: 'Anna', color: '' }, sector: 's', sheet: 'obiettivi', rowId: 'x' };
    const states = new Map<number, unknown>([
      [1, { cursor: 5 }],
      [2, null],
      [3, same],
      [4, { ...same }],
    ]);
    const list = presenceEntries(states, 99);
    expect(list).toHaveLength(1);
    expect(list[0]!.user.color).toBe(colorFor('a'));
  });

  it('reads real awareness states as another client receives them', () => {
    const docA = new Y.Doc();
    const docB = new Y.Doc();
    const a = new Awareness(docA);
    const b = new Awareness(docB);
    a.setLocalState({ user: { sub: 'a', name: 'Anna', color: colorFor('a') }, sector: 'tributi', sheet: 'misure', rowId: 'm1' });
    b.setLocalState({ user: { sub: 'b', name: 'Bruno', color: colorFor('b') }, sector: null, sheet: null, rowId: null });
    // Relay A's state to B as the provider does, through the awareness wire encoding.
    applyAwarenessUpdate(b, encodeAwarenessUpdate(a, [docA.clientID]), 'remote');
    const list = presenceEntries(b.getStates(), docB.clientID);
    expect(list.map((e) => e.user.name)).toEqual(['Bruno', 'Anna']);
    expect(list[1]).toMatchObject({ sector: 'tributi', sheet: 'misure', rowId: 'm1', self: false });
    a.destroy();
    b.destroy();
  });

  it('gives each user a stable colour', () => {
    expect(colorFor('anna')).toBe(colorFor('anna'));
    expect(colorFor('anna')).toMatch(/^#[0-9a-f]{6}$/);
  });
});

describe('presence where people work', () => {
  const states = new Map<number, unknown>([
    [1, { user: { sub: 'me', name: 'Mario' }, sector: 'llpp', sheet: 'obiettivi', rowId: 'r1', clients: [100, 101] }],
    [2, { user: { sub: 'elena', name: 'Elena Conti' }, sector: 'llpp', sheet: 'obiettivi', rowId: 'r1', clients: [200, 201] }],
    [3, { user: { sub: 'marco', name: 'Marco Bellini' }, sector: 'llpp', sheet: 'obiettivi', rowId: 'r2', clients: [300, 'x'] }],
    [4, { user: { sub: 'oiv', name: 'OIV' }, sector: 'finanze', sheet: 'obiettivi', rowId: 'r1' }],
  ]);
  const list = presenceEntries(states, 1);

  it('names the other users on a row, never oneself', () => {
    expect(othersOnRow(list, 'llpp', 'obiettivi', 'r1').map((e) => e.user.name)).toEqual(['Elena Conti']);
    expect(othersOnRow(list, 'llpp', 'obiettivi', null)).toEqual([]);
    const rows = rowsOfOthers(list, 'llpp', 'obiettivi');
    expect([...rows.keys()].sort()).toEqual(['r1', 'r2']);
    expect(rows.get('r2')!.map((e) => e.user.sub)).toEqual(['marco']);
  });

  it('names a change’s author by client id, else by who is on the row, else in the sector', () => {
    const where = { sector: 'llpp', sheet: 'obiettivi', rowId: 'r1' };
    expect(authorNames(list, [300], where)).toEqual(['Marco Bellini']);
    expect(authorNames(list, [], where)).toEqual(['Elena Conti']);
    expect(authorNames(list, [], { ...where, rowId: 'r9' })).toEqual(['Elena Conti', 'Marco Bellini']);
    expect(authorNames(list, [100], { ...where, sector: 'altro' })).toEqual([]);
    expect(list.find((e) => e.user.sub === 'marco')!.clients).toEqual([300]);
  });

  it('shows audit subs as names when known', () => {
    expect(nameOfSub(list, 'elena', { sub: 'me', name: 'Mario' })).toBe('Elena Conti');
    expect(nameOfSub(list, 'me', { sub: 'me', name: 'Mario' })).toBe('Mario');
    expect(nameOfSub(list, 'ghost', { sub: 'me', name: 'Mario' })).toBe('ghost');
    expect(nameOfSub(list, 'ghost', { sub: 'me', name: 'Mario' }, (s) => (s === 'ghost' ? 'Gino Ghost' : null))).toBe('Gino Ghost');
  });
});
