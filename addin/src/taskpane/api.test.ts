import { describe, expect, it } from 'vitest';
import { ApiError, PiaoApi, roomAccess, type PlanInfo } from './api';

interface Call {
  url: string;
  init: RequestInit | undefined;
}

function fakeFetch(respond: (url: string, init?: RequestInit) => Response) {
  const calls: Call[] = [];
  const fn = async (url: string, init?: RequestInit) => {
    calls.push({ url, init });
    return respond(url, init);
  };
  return { calls, fn };
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('PiaoApi', () => {
  it('sends the bearer token and unwraps the plan list', async () => {
    const f = fakeFetch(() => json(200, { plans: [{ ente: 'casale-monferrato', triennio: '2022-2024', denominazione: 'Comune' }] }));
    const plans = await new PiaoApi('tok', '', f.fn).listPlans();
    expect(plans.map((p) => p.ente)).toEqual(['casale-monferrato']);
    expect(f.calls[0]!.url).toBe('/api/plans');
    expect((f.calls[0]!.init!.headers as Record<string, string>).authorization).toBe('Bearer tok');
  });

  it('turns an error answer into an ApiError with the server’s Italian message', async () => {
    const f = fakeFetch(() => json(401, { error: 'Token scaduto' }));
    const err = await new PiaoApi('tok', '', f.fn).planInfo('e', '2022-2024').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(401);
    expect((err as ApiError).message).toBe('Token scaduto');
  });

  // Issue 9 item 9: download links carried the token in the URL (history, logs, proxies, Referer).
  // Downloads are fetched with the bearer header and saved from a blob.
  it('downloads with the bearer header, never the token in the URL, and names the file as the server does', async () => {
    const f = fakeFetch(
      () =>
        new Response(new Uint8Array([80, 75, 3, 4]), {
          status: 200,
          headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'content-disposition': 'attachment; filename="PIAO_casale_2022-2024.xlsx"' },
        }),
    );
    const api = new PiaoApi('a b+c', '', f.fn);
    const exp = await api.downloadExport('casale-monferrato', '2022-2024');
    expect(exp.filename).toBe('PIAO_casale_2022-2024.xlsx');
    expect(exp.blob.size).toBe(4);
    await api.downloadTemplate('casale-monferrato', '2022-2024', 'lavori-pubblici');
    expect(f.calls.map((c) => c.url)).toEqual([
      '/api/plans/casale-monferrato/2022-2024/export.xlsx',
      '/api/plans/casale-monferrato/2022-2024/sectors/lavori-pubblici/template.xlsx',
    ]);
    for (const c of f.calls) {
      expect(c.url).not.toContain('token');
      expect((c.init!.headers as Record<string, string>).authorization).toBe('Bearer a b+c');
    }
  });

  it('renews the token with POST /api/token/refresh and the current token in the header only', async () => {
    const f = fakeFetch(() => json(200, { token: 'nuovo', exp: 2000 }));
    await expect(new PiaoApi('vecchio', '', f.fn).refreshToken()).resolves.toEqual({ token: 'nuovo', exp: 2000 });
    expect(f.calls[0]!.url).toBe('/api/token/refresh');
    expect(f.calls[0]!.init!.method).toBe('POST');
    expect((f.calls[0]!.init!.headers as Record<string, string>).authorization).toBe('Bearer vecchio');
  });

  it('a refused download is an ApiError with the server’s message', async () => {
    const f = fakeFetch(() => json(403, { error: 'Accesso negato al settore' }));
    const err = await new PiaoApi('tok', '', f.fn).downloadTemplate('e', '2022-2024', 'x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).message).toBe('Accesso negato al settore');
  });

  it('returns the importer’s cell errors on 422 and posts the file as the body', async () => {
    const errors = [{ sheet: 'obiettivi', row: 3, column: 'peso', message: '«abc» non è un numero' }];
    const f = fakeFetch(() => json(422, { error: 'Importazione rifiutata', errors }));
    const file = new Blob([new Uint8Array([80, 75, 3, 4])]);
    const r = await new PiaoApi('tok', '', f.fn).importSector('e', '2022-2024', 'lavori-pubblici', file);
    expect(r).toEqual({ ok: false, message: 'Importazione rifiutata', errors });
    expect(f.calls[0]!.url).toBe('/api/plans/e/2022-2024/sectors/lavori-pubblici/import');
    expect(f.calls[0]!.init!.method).toBe('POST');
    expect(f.calls[0]!.init!.body).toBe(file);
  });

  it('sends the conflicts the user chose to overwrite as force keys, and returns the listed conflicts', async () => {
    const conflicts = [{ key: 'misure:r1:stato:0a1b2c3d', sheet: '2.3 Misure', sheetId: 'misure', row: 3, column: 'Stato', columnId: 'stato', theirs: 'Attuata', yours: 'Da attuare', overwritten: true }];
    const f = fakeFetch(() => json(200, { applied: { added: 0, conflicts: 1, overwritten: 1 }, conflicts }));
    const r = await new PiaoApi('t', '', f.fn).importSector('e', 't', 's', new Blob([]), ['misure:r1:stato:0a1b2c3d', 'misure:r2:*:00000000']);
    expect(f.calls[0]!.url).toBe(`/api/plans/e/t/sectors/s/import?force=${encodeURIComponent('misure:r1:stato:0a1b2c3d,misure:r2:*:00000000')}`);
    expect(r).toEqual({ ok: true, applied: { added: 0, conflicts: 1, overwritten: 1 }, conflicts });
  });

  it('accepts a successful import and rejects other failures', async () => {
    const ok = fakeFetch(() => json(200, { applied: { added: 1 } }));
    expect(await new PiaoApi('t', '', ok.fn).importSector('e', 't', 's', new Blob([]))).toEqual({ ok: true, applied: { added: 1 }, conflicts: [] });
    const forbidden = fakeFetch(() => json(403, { error: 'Non hai i permessi' }));
    await expect(new PiaoApi('t', '', forbidden.fn).importSector('e', 't', 's', new Blob([]))).rejects.toThrow('Non hai i permessi');
  });
});

describe('roomAccess', () => {
  const info = (access: PlanInfo['access']): PlanInfo => ({
    ente: 'e',
    triennio: '2022-2024',
    denominazione: '',
    sectors: [],
    access,
    me: { sub: 'u', name: 'U', role: 'editor', sectors: [] },
  });
  it('reads access keyed by full room name or by room id, and defaults to none', () => {
    expect(roomAccess(info({ 'e/2022-2024/_piano': 'read' }), '_piano')).toBe('read');
    expect(roomAccess(info({ settore: 'write' }), 'settore')).toBe('write');
    expect(roomAccess(info({}), 'altro')).toBe('none');
  });
});
