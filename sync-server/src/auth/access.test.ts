import { describe, expect, it } from 'vitest';
import type { Principal } from '../context';
import { accessPolicy } from './access';

const sectors = ['lavori-pubblici', 'ragioneria'];
const P = 'casale-monferrato/2022-2024';
const who = (role: Principal['role'], extra: Partial<Principal> = {}): Principal => ({
  sub: 's',
  name: 'n',
  ente: 'casale-monferrato',
  role,
  sectors: [],
  ...extra,
});

describe('accessPolicy', () => {
  it('editor: write own sectors, read the rest of the plan and _piano', () => {
    const ed = who('editor', { sectors: ['lavori-pubblici', 'non-in-piano'] });
    expect(accessPolicy(ed, `${P}/lavori-pubblici`, sectors)).toBe('write');
    expect(accessPolicy(ed, `${P}/ragioneria`, sectors)).toBe('read');
    expect(accessPolicy(ed, `${P}/_piano`, sectors)).toBe('read');
    expect(accessPolicy(ed, `${P}/non-in-piano`, sectors)).toBe('none');
  });
  it('viewer reads, coordinator writes, within their administration only', () => {
    for (const room of ['lavori-pubblici', '_piano']) {
      expect(accessPolicy(who('viewer'), `${P}/${room}`, sectors)).toBe('read');
      expect(accessPolicy(who('coordinator'), `${P}/${room}`, sectors)).toBe('write');
    }
    for (const role of ['viewer', 'coordinator', 'editor'] as const) {
      const other = who(role, { ente: 'asti', sectors: ['lavori-pubblici'] });
      expect(accessPolicy(other, `${P}/lavori-pubblici`, sectors)).toBe('none');
      expect(accessPolicy(other, `${P}/_piano`, sectors)).toBe('none');
    }
  });
  it('malformed rooms grant nothing', () => {
    for (const room of ['casale-monferrato', `${P}`, `${P}/a/b`, 'casale-monferrato/2022-2023/_piano', `${P}/Lavori`]) {
      expect(accessPolicy(who('coordinator'), room, sectors)).toBe('none');
    }
  });
});
