// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import * as Y from 'yjs';
import { addRow, readRow, readSheet, updateRow } from '@piao/shared/doc/rows';
import { bindSheets } from '../excel/binder';
import { MemoryHost } from '../excel/memory-host';
import { linkedDocs, manualFrames } from '../excel/testing';
import { SheetGrid } from './SheetGrid';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

afterEach(cleanup);

async function mount(opts: { readOnly?: boolean } = {}) {
  const doc = new Y.Doc();
  const id = addRow(doc, 'obiettivi', { codice: 'LLPP-01', titolo: 'Manutenzione strade', tipo: 'Operativo', peso: 40 }, 'test');
  const host = new MemoryHost();
  const frames = manualFrames();
  const binding = bindSheets({ doc, host, sheets: ['obiettivi'], readOnly: opts.readOnly ?? false, schedule: frames.schedule });
  await binding.ready;
  const selected: Array<string | null> = [];
  render(
    <FluentProvider theme={webLightTheme}>
      <SheetGrid host={host} sheet="obiettivi" readOnly={opts.readOnly} onSelectRow={(r) => selected.push(r)} />
    </FluentProvider>,
  );
  const settle = () => act(() => frames.settle());
  return { doc, id, host, binding, settle, selected };
}

const input = (testId: string) => screen.getByTestId(testId) as HTMLInputElement;

describe('SheetGrid (browser mode)', () => {
  it('shows the sheet with Italian headers and the document values', async () => {
    const { id } = await mount();
    expect(screen.getByTestId('grid-obiettivi')).toBeTruthy();
    expect(screen.getByRole('columnheader', { name: 'Codice' })).toBeTruthy();
    expect(screen.getByRole('columnheader', { name: 'Peso %' })).toBeTruthy();
    expect(input(`cell-obiettivi-${id}-titolo`).value).toBe('Manutenzione strade');
    expect(input(`cell-obiettivi-${id}-peso`).value).toBe('40');
    expect((screen.getByTestId(`cell-obiettivi-${id}-tipo`) as HTMLSelectElement).value).toBe('Operativo');
  });

  it('commits a typed value on blur and a list choice at once, as grid edits', async () => {
    const { doc, id, selected } = await mount();
    const origins: unknown[] = [];
    doc.on('afterTransaction', (t: Y.Transaction) => origins.push(t.origin));
    const titolo = input(`cell-obiettivi-${id}-titolo`);
    fireEvent.focus(titolo);
    fireEvent.change(titolo, { target: { value: 'Rifacimento marciapiedi' } });
    expect(readRow(doc, 'obiettivi', id)?.values.titolo).toBe('Manutenzione strade');
    fireEvent.blur(titolo);
    expect(readRow(doc, 'obiettivi', id)?.values.titolo).toBe('Rifacimento marciapiedi');
    fireEvent.change(screen.getByTestId(`cell-obiettivi-${id}-tipo`), { target: { value: 'Gestionale' } });
    expect(readRow(doc, 'obiettivi', id)?.values.tipo).toBe('Gestionale');
    expect(origins).toEqual(['grid', 'grid']);
    expect(selected).toContain(id);
  });

  it('an invalid number is marked with its message and not written; fixing it clears the mark', async () => {
    const { doc, id, settle } = await mount();
    const peso = input(`cell-obiettivi-${id}-peso`);
    fireEvent.change(peso, { target: { value: 'tanto' } });
    fireEvent.keyDown(peso, { key: 'Enter' });
    await settle();
    expect(readRow(doc, 'obiettivi', id)?.values.peso).toBe(40);
    expect(peso.getAttribute('aria-invalid')).toBe('true');
    expect(peso.title).toBe('Peso %: «tanto» non è un numero');
    fireEvent.change(peso, { target: { value: '37,5' } });
    fireEvent.keyDown(peso, { key: 'Enter' });
    await settle();
    expect(readRow(doc, 'obiettivi', id)?.values.peso).toBe(37.5);
    expect(peso.getAttribute('aria-invalid')).toBeNull();
    expect(peso.value).toBe('37,5');
  });

  it('adds and deletes rows, and shows remote changes', async () => {
    const { doc, id, settle } = await mount();
    fireEvent.click(screen.getByTestId('add-row-obiettivi'));
    const rows = readSheet(doc, 'obiettivi');
    expect(rows).toHaveLength(2);
    const added = rows[1]!.id;
    expect(screen.getByTestId(`cell-obiettivi-${added}-codice`)).toBeTruthy();
    fireEvent.click(screen.getByTestId(`delete-row-obiettivi-${id}`));
    expect(readSheet(doc, 'obiettivi').map((r) => r.id)).toEqual([added]);
    await act(async () => updateRow(doc, 'obiettivi', added, { codice: 'DAL-SERVER' }, 'remote'));
    await settle();
    expect(input(`cell-obiettivi-${added}-codice`).value).toBe('DAL-SERVER');
  });

  it('read-only disables every editor and button; text cells stay readable (focusable, full value as tooltip)', async () => {
    const { id } = await mount({ readOnly: true });
    expect(input(`cell-obiettivi-${id}-titolo`).readOnly).toBe(true);
    expect(input(`cell-obiettivi-${id}-titolo`).title).toBe('Manutenzione strade');
    expect((screen.getByTestId(`cell-obiettivi-${id}-tipo`) as HTMLSelectElement).disabled).toBe(true);
    expect((screen.getByTestId('add-row-obiettivi') as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByTestId(`delete-row-obiettivi-${id}`) as HTMLButtonElement).disabled).toBe(true);
  });

  it('sorting by a header reorders the grid and leaves the document alone', async () => {
    const { doc, settle } = await mount();
    addRow(doc, 'obiettivi', { codice: 'AAA' }, 'remote');
    await settle();
    let updates = 0;
    doc.on('update', () => updates++);
    fireEvent.click(screen.getByTestId('sort-obiettivi-codice'));
    await settle();
    const codes = [...document.querySelectorAll<HTMLInputElement>('[data-testid^="cell-obiettivi-"][data-testid$="-codice"]')].map((e) => e.value);
    expect(codes).toEqual(['AAA', 'LLPP-01']);
    expect(updates).toBe(0);
  });

  // Issue 9 item 2: after concurrent "Aggiungi riga" each user saw their own new row first (the grid
  // showed rows in the order they reached the in-memory host), so row numbers in issues and presence
  // pointed at different rows for different people. The order must be a function of the document.
  it('two users adding rows at the same time see the same order', async () => {
    const { local, remote, deliver } = linkedDocs();
    addRow(local, 'obiettivi', { codice: 'LLPP-01' }, 'test');
    deliver();
    const frames = manualFrames();
    const hosts = [local, remote].map((doc) => {
      const host = new MemoryHost();
      bindSheets({ doc, host, sheets: ['obiettivi'], readOnly: false, schedule: frames.schedule });
      return host;
    });
    await act(() => frames.settle());
    const { container: a } = render(
      <FluentProvider theme={webLightTheme}>
        <SheetGrid host={hosts[0]!} sheet="obiettivi" doc={local} />
      </FluentProvider>,
    );
    const { container: b } = render(
      <FluentProvider theme={webLightTheme}>
        <SheetGrid host={hosts[1]!} sheet="obiettivi" doc={remote} />
      </FluentProvider>,
    );
    fireEvent.click(a.querySelector('[data-testid="add-row-obiettivi"]')!);
    fireEvent.click(b.querySelector('[data-testid="add-row-obiettivi"]')!);
    await act(async () => {
      deliver();
      await frames.settle();
    });
    const order = (c: HTMLElement) => [...c.querySelectorAll<HTMLElement>('tr[data-row-id]')].map((r) => r.dataset.rowId);
    expect(order(a)).toHaveLength(3);
    expect(order(a)).toEqual(order(b));
    expect(order(a)).toEqual(readSheet(local, 'obiettivi').map((r) => r.id));
    expect(readSheet(remote, 'obiettivi').map((r) => r.id)).toEqual(readSheet(local, 'obiettivi').map((r) => r.id));
  });

  it("text longer than an Excel cell's 32,767 characters is not written and is marked with a clear message", async () => {
    const { doc, id } = await mount();
    const titolo = input(`cell-obiettivi-${id}-titolo`);
    fireEvent.focus(titolo);
    fireEvent.change(titolo, { target: { value: 'x'.repeat(32_768) } });
    fireEvent.keyDown(titolo, { key: 'Enter' });
    expect(readRow(doc, 'obiettivi', id)?.values.titolo).toBe('Manutenzione strade');
    expect(titolo.getAttribute('aria-invalid')).toBe('true');
    expect(titolo.title).toBe('Testo troppo lungo: 32.768 caratteri, Excel ne tiene al massimo 32.767 in una cella');
  });
});
