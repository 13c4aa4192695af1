import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { dependentsOf, isReferenced, referencedBy } from './dependents';
import { addRow } from './rows';

describe('dependentsOf', () => {
  it('finds the indicators that point at an objective, and nothing for an unreferenced code', () => {
    const doc = new Y.Doc();
    addRow(doc, 'obiettivi', { codice: 'O-1' }, 'test');
    const i1 = addRow(doc, 'indicatori', { obiettivo: 'O-1', nome: 'Km' }, 'test');
    const i2 = addRow(doc, 'indicatori', { obiettivo: 'O-1', nome: 'Scuole' }, 'test');
    addRow(doc, 'indicatori', { obiettivo: 'O-2', nome: 'Altro' }, 'test');
    const deps = dependentsOf('obiettivi', { codice: 'O-1' }, [doc]);
    expect(deps).toHaveLength(1);
    expect(deps[0]!.sheet).toBe('indicatori');
    expect(deps[0]!.column).toBe('obiettivo');
    expect(deps[0]!.rows.map((r) => r.id).sort()).toEqual([i1, i2].sort());
    expect(dependentsOf('obiettivi', { codice: 'O-3' }, [doc])).toEqual([]);
    expect(dependentsOf('obiettivi', {}, [doc])).toEqual([]);
  });

  it('knows which sheets can be pointed at', () => {
    expect(referencedBy('obiettivi')).toContain('indicatori');
    expect(isReferenced('obiettivi')).toBe(true);
    expect(isReferenced('indicatori')).toBe(false);
  });
});
