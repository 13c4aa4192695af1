// @vitest-environment jsdom
/**
 * The pane's import result (issue 9 item 1): the summary with singular/plural, the warning of a file
 * without base, the conflicts (who, when, both values) kept as theirs by default, and the choice to
 * overwrite the selected ones — the same file sent again with their keys.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { FilesPanel } from './FilesPanel';
import { PiaoApi } from './api';
import { I18nProvider } from './i18n-context';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
// jsdom has no ResizeObserver; Fluent's MessageBar only uses it to pick a layout, so a no-op one will do.
(globalThis as { ResizeObserver?: unknown }).ResizeObserver ??= class {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
};
afterEach(cleanup);

const CONFLICT = {
  key: 'misure:r1:descrizione:0a1b2c3d',
  sheet: '2.3 Misure',
  sheetId: 'misure',
  row: 3,
  column: 'Descrizione',
  columnId: 'descrizione',
  theirs: 'Del coordinatore',
  yours: 'Di Paolo',
  overwritten: false,
  who: 'marco.bellini',
  when: '2026-01-10T09:30:00.000Z',
};
const applied = (o: Record<string, unknown>) => ({ added: 0, cellsChanged: 0, conflicts: 0, overwritten: 0, deletedByOthers: 0, notInFile: 0, message: '', warnings: [], ...o });

function mount(answers: Array<Record<string, unknown>>, locale: 'it' | 'en' = 'it') {
  const calls: string[] = [];
  const fetchFn = async (url: string) => {
    calls.push(url);
    return new Response(JSON.stringify(answers[Math.min(calls.length - 1, answers.length - 1)]), { status: 200, headers: { 'content-type': 'application/json' } });
  };
  render(
    <FluentProvider theme={webLightTheme}>
      <I18nProvider locale={locale}>
        <FilesPanel api={new PiaoApi('tok', '', fetchFn)} ente="e" triennio="2022-2024" sector="lavori-pubblici" canImport />
      </I18nProvider>
    </FluentProvider>,
  );
  return calls;
}

async function chooseFile() {
  const input = screen.getByTestId('import-file') as HTMLInputElement;
  await act(async () => {
    fireEvent.change(input, { target: { files: [new File([new Uint8Array([80, 75])], 'modello.xlsx')] } });
  });
}

describe('FilesPanel import result', () => {
  it('says what changed with singular and plural', async () => {
    mount([{ applied: applied({ added: 1, cellsChanged: 5, notInFile: 2 }), conflicts: [] }]);
    await chooseFile();
    await waitFor(() => expect(screen.getByTestId('import-summary').textContent).toMatch(/^1 riga aggiunta, 5 celle modificate, 0 conflitti\. 2 righe del piano non sono nel file/));
    expect(screen.queryByTestId('import-conflicts')).toBeNull();
  });

  it('lists a conflict (who, when, both values), keeps theirs by default, and overwrites only the selected ones on request', async () => {
    const calls = mount([
      { applied: applied({ cellsChanged: 1, conflicts: 1 }), conflicts: [CONFLICT] },
      { applied: applied({ cellsChanged: 1, conflicts: 1, overwritten: 1 }), conflicts: [{ ...CONFLICT, overwritten: true }] },
    ]);
    await chooseFile();
    await waitFor(() => expect(screen.getAllByTestId('import-conflict')).toHaveLength(1));
    expect(screen.getByTestId('import-summary').textContent).toMatch(/1 cella modificata, 1 conflitto\./);
    const item = screen.getByTestId('import-conflict');
    expect(item.textContent).toMatch(/2\.3 Misure, riga 3, Descrizione: marco\.bellini ha scritto «Del coordinatore» \(.*\); nel file: «Di Paolo»/);
    const overwrite = screen.getByTestId('import-overwrite') as HTMLButtonElement;
    expect(overwrite.disabled).toBe(true); // nothing is overwritten unless chosen
    await act(async () => {
      fireEvent.click(screen.getByRole('checkbox'));
    });
    await act(async () => {
      fireEvent.click(overwrite);
    });
    await waitFor(() => expect(screen.getByTestId('import-conflict').getAttribute('data-overwritten')).toBe('true'));
    expect(calls).toEqual([
      '/api/plans/e/2022-2024/sectors/lavori-pubblici/import',
      `/api/plans/e/2022-2024/sectors/lavori-pubblici/import?force=${encodeURIComponent(CONFLICT.key)}`,
    ]);
    expect(screen.queryByTestId('import-overwrite')).toBeNull();
  });

  it('shows the warning of a file without base, and speaks English in an English Office', async () => {
    mount([{ applied: applied({ cellsChanged: 2, warnings: ['Il file non contiene i valori di partenza del modello'] }), conflicts: [] }], 'en');
    await chooseFile();
    await waitFor(() => expect(screen.getByTestId('import-summary').textContent).toBe('0 rows added, 2 cells changed, 0 conflicts.'));
    expect(screen.getByTestId('import-warning').textContent).toMatch(/valori di partenza/);
  });
});
