// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import * as Y from 'yjs';
import { checkMove, workflowStates, type WorkflowMove } from '@piao/shared/workflow/index';
import { PiaoApi, type Me, type PlanInfo } from './api';
import { AdoptionPanel } from './AdoptionPanel';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
afterEach(cleanup);
// jsdom has no ResizeObserver; Fluent's MessageBar only uses it to pick a layout, so a no-op one will do.
globalThis.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
} as unknown as typeof ResizeObserver;

const SECTORS = ['llpp', 'ragioneria'];

/**
 * A fake of the workflow routes (sync-server/src/http/workflow-routes.ts) that decides with the same
 * pure rules the server uses (shared/workflow checkMove), so the pane is tested against what the
 * server allows, not against the pane's own idea of it. `errors` are a sector's open validation errors.
 */
function fakeServer(me: Me, opts: { errors?: Record<string, number>; log?: WorkflowMove[] } = {}) {
  const log: WorkflowMove[] = opts.log ?? [];
  const calls: Array<{ url: string; method: string; body: unknown; auth: string | null }> = [];
  const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const fetchFn = async (url: string, init: RequestInit = {}) => {
    const method = init.method ?? 'GET';
    const body = typeof init.body === 'string' ? (JSON.parse(init.body) as Record<string, unknown>) : null;
    calls.push({ url, method, body, auth: new Headers(init.headers).get('authorization') });
    if (url.endsWith('/workflow') && method === 'GET') return json(200, { ...workflowStates(log, SECTORS), moves: log });
    if (url.endsWith('/workflow') && method === 'POST') {
      const r = checkMove(log, body as never, { role: me.role, sectors: me.sectors, sub: me.sub, now: '2022-01-20T10:00:00Z', planSectors: SECTORS, sectorErrors: (s) => opts.errors?.[s] ?? 0 });
      if (!r.ok) return json(r.status, { error: r.message });
      log.push(r.move);
      return json(200, { ...workflowStates(log, SECTORS), move: r.move });
    }
    if (url.includes('/document.')) return new Response('%PDF-1.7', { status: 200, headers: { 'content-disposition': 'attachment; filename="PIAO-e-2022-2024-v1.pdf"' } });
    if (url === '/api/plans' && method === 'POST') return json(201, { ente: 'e', triennio: body!.triennio, from: body!.from, sectors: [], flags: [] });
    return json(404, { error: 'Risorsa non trovata' });
  };
  return { api: new PiaoApi('tok', '', fetchFn), calls, log };
}

const coordinator: Me = { sub: 'anna', name: 'Anna', role: 'coordinator', sectors: [] };
const head: Me = { sub: 'marco', name: 'Marco', role: 'editor', sectors: ['llpp'] };
const viewer: Me = { sub: 'vera', name: 'Vera', role: 'viewer', sectors: [] };

function info(me: Me, deadline: PlanInfo['deadline'] = { date: '2022-01-31', basis: '31 gennaio', warning: null }): PlanInfo {
  return {
    ente: 'e',
    triennio: '2022-2024',
    denominazione: 'Comune',
    sectors: [
      { id: 'llpp', denominazione: 'Lavori pubblici' },
      { id: 'ragioneria', denominazione: 'Ragioneria' },
    ],
    access: {},
    me,
    deadline,
  };
}

function mount(api: PiaoApi, i: PlanInfo, onOpenPlan?: (e: string, t: string) => void, today = '2022-01-20', planDoc?: Y.Doc) {
  render(
    <FluentProvider theme={webLightTheme}>
      <AdoptionPanel api={api} info={i} onOpenPlan={onOpenPlan} today={today} planDoc={planDoc} />
    </FluentProvider>,
  );
}

const sectorRow = (id: string) => screen.getAllByTestId('sector-state').find((el) => el.dataset.sector === id)!;
const stepButton = (to: string) => screen.getAllByTestId('plan-step').find((el) => el.dataset.to === to)!;
const type = (testId: string, value: string) => fireEvent.change(screen.getByTestId(testId), { target: { value } });

describe('AdoptionPanel (Iter del piano)', () => {
  it('coordinator: sees every sector, the server’s refusal of a step is shown in Italian and the state is unchanged', async () => {
    const { api, calls } = fakeServer(coordinator);
    mount(api, info(coordinator));
    expect((await screen.findByTestId('plan-state')).dataset.state).toBe('Bozza');
    expect(screen.getAllByTestId('sector-state').map((el) => [el.dataset.sector, el.dataset.state])).toEqual([
      ['llpp', 'Bozza'],
      ['ragioneria', 'Bozza'],
    ]);
    // Sectors not verified: the server refuses, the pane says why and the plan stays a draft.
    fireEvent.click(stepButton('Proposta alla Giunta'));
    expect((await screen.findByTestId('adoption-error')).textContent).toContain('vanno verificate le parti dei settori: llpp, ragioneria');
    expect(screen.getByTestId('plan-state').dataset.state).toBe('Bozza');
    expect(calls.every((c) => c.auth === 'Bearer tok')).toBe(true);
  });

  it('coordinator: sends a part back with a note (required), verifies the other', async () => {
    const { api, calls } = fakeServer(coordinator, {
      log: SECTORS.map((s) => ({ target: s, from: 'Bozza', to: 'Inviata dal settore', sub: 'x', at: '2022-01-10T10:00:00Z', note: null, atto: null, data: null, hash: null, versione: null })),
    });
    mount(api, info(coordinator));
    await screen.findByTestId('plan-state');
    fireEvent.click(within(sectorRow('llpp')).getByTestId('sector-sendback'));
    fireEvent.click(screen.getByTestId('step-confirm'));
    expect((await screen.findByTestId('adoption-error')).textContent).toContain('scrivere nella nota');
    type('step-note', 'Manca il target 2023');
    fireEvent.click(screen.getByTestId('step-confirm'));
    await waitFor(() => expect(sectorRow('llpp').dataset.state).toBe('Rinviata al settore'));
    expect(within(sectorRow('llpp')).getByTestId('sendback-note').textContent).toContain('Manca il target 2023');

    fireEvent.click(within(sectorRow('ragioneria')).getByTestId('sector-verify'));
    await waitFor(() => expect(sectorRow('ragioneria').dataset.state).toBe('Verificata dal coordinatore'));
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.body)).toEqual([
      { target: 'llpp', to: 'Rinviata al settore' },
      { target: 'llpp', to: 'Rinviata al settore', note: 'Manca il target 2023' },
      { target: 'ragioneria', to: 'Verificata dal coordinatore' },
    ]);
  });

  it('coordinator: adoption asks for the deliberation and date, the version appears with its PDF fetched with the bearer, publication needs a URL', async () => {
    const verified = SECTORS.map((s) => ({ target: s, from: 'Inviata dal settore', to: 'Verificata dal coordinatore', sub: 'x', at: 't', note: null, atto: null, data: null, hash: null, versione: null }) as WorkflowMove);
    const { api, calls } = fakeServer(coordinator, { log: verified });
    const createObjectURL = vi.fn(() => 'blob:x');
    Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() });
    mount(api, info(coordinator));
    fireEvent.click(await waitFor(() => stepButton('Proposta alla Giunta')));
    await waitFor(() => expect(screen.getByTestId('plan-state').dataset.state).toBe('Proposta alla Giunta'));
    fireEvent.click(stepButton('Adottata'));
    type('step-atto', '12');
    type('step-data', '2022-01-28');
    fireEvent.click(screen.getByTestId('step-confirm'));
    await waitFor(() => expect(screen.getByTestId('plan-state').dataset.state).toBe('Adottata'));
    expect(screen.getByTestId('version').textContent).toContain('Versione 1: deliberazione n. 12 del 28/01/2022');
    // Once adopted the deadline is no longer shown.
    expect(screen.queryByTestId('deadline')).toBeNull();
    fireEvent.click(screen.getByTestId('version-1-pdf'));
    await waitFor(() => expect(createObjectURL.mock.calls.length + screen.queryAllByTestId('version-1-pdf-error').length).toBeGreaterThan(0));
    expect(screen.queryByTestId('version-1-pdf-error')?.textContent ?? '').toBe('');
    expect(calls.at(-1)).toMatchObject({ url: '/api/plans/e/2022-2024/versions/1/document.pdf', auth: 'Bearer tok' });

    fireEvent.click(stepButton('Pubblicata'));
    type('step-atto', 'non un indirizzo');
    type('step-data', '2022-01-30');
    fireEvent.click(screen.getByTestId('step-confirm'));
    expect((await screen.findByTestId('adoption-error')).textContent).toContain("indicare l'indirizzo della pagina");
    type('step-atto', 'https://comune.example/trasparenza/piao');
    fireEvent.click(screen.getByTestId('step-confirm'));
    await waitFor(() => expect(screen.getByTestId('plan-state').dataset.state).toBe('Pubblicata'));
    expect(screen.queryByTestId('adoption-error')).toBeNull();
  });

  it('coordinator: "Nuovo piano 2023-2025 da 2022-2024" creates the plan from this one and opens it', async () => {
    const { api, calls } = fakeServer(coordinator);
    const opened: string[] = [];
    mount(api, info(coordinator), (e, t) => opened.push(`${e}/${t}`));
    const button = await screen.findByTestId('roll-forward');
    expect(button.textContent).toBe('Nuovo piano 2023-2025 da 2022-2024');
    fireEvent.click(button);
    await waitFor(() => expect(opened).toEqual(['e/2023-2025']));
    expect(calls.at(-1)).toMatchObject({ url: '/api/plans', method: 'POST', body: { triennio: '2023-2025', from: '2022-2024' } });
  });

  it('sector head: only their sector, "Invia" refused for errors shows the server’s message; the deadline warns when near and when passed', async () => {
    const { api } = fakeServer(head, { errors: { llpp: 3 } });
    mount(api, info(head, { date: '2022-01-31', basis: '31 gennaio', warning: 'Il PIAO 2022-2024 va adottato entro il 31/01/2022' }));
    await screen.findByTestId('plan-state');
    expect(screen.getAllByTestId('sector-state').map((el) => el.dataset.sector)).toEqual(['llpp']);
    expect(screen.queryByTestId('plan-step')).toBeNull();
    expect(screen.queryByTestId('roll-forward')).toBeNull();
    const deadline = screen.getByTestId('deadline');
    expect(deadline.dataset.days).toBe('11');
    expect(deadline.textContent).toContain('mancano 11 giorni');
    fireEvent.click(screen.getByTestId('sector-send'));
    expect((await screen.findByTestId('adoption-error')).textContent).toContain('ha 3 errori: correggerli prima di inviarla');
    expect(sectorRow('llpp').dataset.state).toBe('Bozza');
    cleanup();
    mount(fakeServer(head).api, info(head), undefined, '2022-02-03');
    expect((await screen.findByTestId('deadline')).textContent).toContain('scaduto da 3 giorni');
  });

  it('sector head: a part without errors is sent', async () => {
    const { api } = fakeServer(head);
    mount(api, info(head));
    fireEvent.click(await screen.findByTestId('sector-send'));
    await waitFor(() => expect(sectorRow('llpp').dataset.state).toBe('Inviata dal settore'));
    expect(screen.queryByTestId('sector-send')).toBeNull();
  });

  it('a move by someone else (written by the server into the plan room’s workflow map) shows without reloading', async () => {
    const { api, log } = fakeServer(coordinator);
    const planDoc = new Y.Doc();
    mount(api, info(coordinator), undefined, '2022-01-20', planDoc);
    await waitFor(() => expect(sectorRow('llpp').dataset.state).toBe('Bozza'));
    log.push({ target: 'llpp', from: 'Bozza', to: 'Inviata dal settore', sub: 'marco', at: 't', note: null, atto: null, data: null, hash: null, versione: null });
    const row = new Y.Map<unknown>();
    planDoc.getMap('workflow').set('mossa-0001', row);
    row.set('to', 'Inviata dal settore');
    await waitFor(() => expect(sectorRow('llpp').dataset.state).toBe('Inviata dal settore'));
    expect(within(sectorRow('llpp')).getByTestId('sector-verify')).toBeTruthy();
  });

  it('viewer: states and documents, no step buttons', async () => {
    const { api } = fakeServer(viewer);
    mount(api, info(viewer));
    await screen.findByTestId('plan-state');
    expect(screen.getAllByTestId('sector-state')).toHaveLength(2);
    expect(screen.queryByRole('button', { name: /Invia|Verifica|Rinvia|Proposta|Nuovo piano/ })).toBeNull();
    expect(screen.getByTestId('draft-pdf')).toBeTruthy();
  });
});
