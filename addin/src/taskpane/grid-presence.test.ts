import { describe, expect, it } from 'vitest';
import { gridPresenceCss } from './grid-presence';
import type { PresenceEntry } from './presence';

const entry = (sub: string, color: string): PresenceEntry => ({ clientId: 1, self: false, user: { sub, name: sub, color }, sector: 's', sheet: 'obiettivi', rowId: 'r' });

describe('gridPresenceCss', () => {
  it('marks each other user’s row in their colour', () => {
    const css = gridPresenceCss('llpp/obiettivi', new Map([['abc', [entry('elena', '#107c10')]]]));
    expect(css).toContain('[data-grid-presence="llpp/obiettivi"] tr[data-row-id="abc"] > td:first-child { box-shadow: inset 4px 0 0 #107c10; }');
  });

  it('cannot be used to inject CSS through a row id or a colour from awareness', () => {
    const css = gridPresenceCss('x', new Map([['a"] {} body { display:none } [x="', [entry('m', 'red; } body { display: none')]]]));
    // The colour is replaced; the id stays inside one quoted attribute value.
    expect(css).not.toContain('display: none');
    expect(css.split('\n').every((l) => l.startsWith('[data-grid-presence="x"] tr[data-row-id="a\\"] {} body') && l.endsWith('; }'))).toBe(true);
    expect(css).toContain('tr[data-row-id="a\\"] {} body { display:none } [x=\\""]');
    expect(css).toMatch(/inset 4px 0 0 #[0-9a-f]{6};/);
  });
});
