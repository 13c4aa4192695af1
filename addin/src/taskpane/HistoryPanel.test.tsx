// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import type { HistoryPage } from '@piao/shared/doc/history';
import { PiaoApi } from './api';
import type { HistoryLine } from './history-model';
import { HistoryPanel } from './HistoryPanel';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
afterEach(cleanup);

const page: HistoryPage = {
  entries: [
    {
      seq: 7,
      room: 'e/2024-2026/llpp',
      sub: 'marco.bellini',
      at: '2026-01-15T09:30:00.000Z',
      cells: [
        { sheet: 'obiettivi', rowId: 'r1', column: 'titolo', value: 'Viabilità', previous: 'Strade' },
        { sheet: 'obiettivi', rowId: 'r2', column: null, value: null, deleted: true, previousRow: { codice: 'O-2' } },
      ],
    },
  ],
  next: null,
};

function mount(restore: (room: string, l: HistoryLine) => { ok: true } | { ok: false; error: string }) {
  const urls: string[] = [];
  const api = new PiaoApi('tok', '', async (url) => {
    urls.push(url);
    return new Response(JSON.stringify(page), { status: 200, headers: { 'content-type': 'application/json' } });
  });
  render(
    <FluentProvider theme={webLightTheme}>
      <HistoryPanel
        api={api}
        ente="e"
        triennio="2024-2026"
        room="llpp"
        sheet="obiettivi"
        rowId="r1"
        version={0}
        nameOf={(sub) => (sub === 'marco.bellini' ? 'Marco Bellini' : sub)}
        sectorName={(r) => r}
        canWrite={() => true}
        onRestore={restore}
      />
    </FluentProvider>,
  );
  return urls;
}

describe('HistoryPanel', () => {
  it('asks the server for the row’s history newest first and shows who, the previous value and restore', async () => {
    const restored: HistoryLine[] = [];
    const urls = mount((_r, l) => (restored.push(l), { ok: true }));
    const entry = await screen.findByTestId('history-entry');
    expect(urls[0]).toBe('/api/plans/e/2024-2026/history?order=desc&limit=30&room=llpp&sheet=obiettivi&row=r1');
    expect(entry.textContent).toContain('Marco Bellini');
    expect(entry.textContent).toContain('Titolo: «Strade» → «Viabilità»');
    expect(entry.textContent).toContain('Riga eliminata «O-2»');
    fireEvent.click(screen.getAllByTestId('history-restore')[0]!);
    expect(restored[0]).toMatchObject({ kind: 'change', column: 'titolo', previous: 'Strade' });
    fireEvent.change(screen.getByTestId('history-column'), { target: { value: 'peso' } });
    await waitFor(() => expect(urls.at(-1)).toContain('column=peso'));
  });

  it('says when a restore cannot be done', async () => {
    mount(() => ({ ok: false, error: 'la riga è stata eliminata' }));
    await screen.findByTestId('history-entry');
    fireEvent.click(screen.getAllByTestId('history-restore')[0]!);
    expect(screen.getByTestId('history-restore-failed').textContent).toBe('Ripristino non riuscito: la riga è stata eliminata');
  });
});
