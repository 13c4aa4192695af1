// @vitest-environment jsdom
/** The browser grid while someone else saves the cell being typed in (issue 9 item 4), through the binder. */
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import * as Y from 'yjs';
import { addRow, readRow, updateRow } from '@piao/shared/doc/rows';
import { bindSheets } from '../excel/binder';
import { MemoryHost } from '../excel/memory-host';
import { manualFrames } from '../excel/testing';
import { SheetGrid } from '../grid/SheetGrid';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
afterEach(cleanup);

async function mount() {
  const doc = new Y.Doc();
  const id = addRow(doc, 'obiettivi', { codice: 'LLPP-01', titolo: 'Strade' }, 'test');
  const host = new MemoryHost();
  const frames = manualFrames();
  const binding = bindSheets({ doc, host, sheets: ['obiettivi'], readOnly: false, schedule: frames.schedule });
  await binding.ready;
  const drafts: Array<[string, string, string | null]> = [];
  const lost: Array<[string, string, string]> = [];
  render(
    <FluentProvider theme={webLightTheme}>
      <SheetGrid host={host} sheet="obiettivi" onCellDraft={(r, c, t) => drafts.push([r, c, t])} onCellLost={(r, c, t) => lost.push([r, c, t])} />
    </FluentProvider>,
  );
  const settle = () => act(() => frames.settle());
  const input = screen.getByTestId(`cell-obiettivi-${id}-titolo`) as HTMLInputElement;
  return { doc, id, settle, drafts, lost, input };
}

describe('SheetGrid while someone else saves the same cell', () => {
  it('writes the text when nobody changed the cell meanwhile, and reports the draft', async () => {
    const m = await mount();
    fireEvent.change(m.input, { target: { value: 'Strade comunali' } });
    fireEvent.keyDown(m.input, { key: 'Enter' });
    await m.settle();
    expect(readRow(m.doc, 'obiettivi', m.id)!.values.titolo).toBe('Strade comunali');
    expect(m.drafts).toEqual([
      [m.id, 'titolo', 'Strade comunali'],
      [m.id, 'titolo', null],
    ]);
    expect(m.lost).toEqual([]);
  });

  it('keeps the other person’s value and hands the text over when the cell changed while typing', async () => {
    const m = await mount();
    fireEvent.change(m.input, { target: { value: 'Strade e piazze' } });
    act(() => updateRow(m.doc, 'obiettivi', m.id, { titolo: 'Viabilità' }, 'remote'));
    await m.settle();
    expect(m.input.value).toBe('Strade e piazze');
    fireEvent.keyDown(m.input, { key: 'Enter' });
    await m.settle();
    expect(readRow(m.doc, 'obiettivi', m.id)!.values.titolo).toBe('Viabilità');
    expect(m.lost).toEqual([[m.id, 'titolo', 'Strade e piazze']]);
    expect(m.input.value).toBe('Viabilità');
  });
});
