import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServerContext } from '../context';
import { principalOf } from './auth';
import { documentFormat, planDocument } from './document-routes';
import { createPlan, listPlans, planHistory, planInfo } from './plan-routes';
import { HttpError } from './respond';
import { importSector, sectorTemplate } from './sector-workbook-routes';
import { refreshToken } from './token-routes';
import { exportPlan, planIssues } from './workbook-routes';
import { getWorkflow, postWorkflow } from './workflow-routes';
import { planDiff } from './version-routes';
import { versionDocument } from './frozen-versions';

function allow(req: IncomingMessage, ...methods: string[]): void {
  if (!methods.includes(req.method ?? 'GET')) {
    throw new HttpError(405, `Metodo ${req.method} non consentito: usare ${methods.join(' o ')}`, {}, { allow: methods.join(', ') });
  }
}

function segments(pathname: string): string[] {
  try {
    return pathname.split('/').filter((s) => s !== '').map(decodeURIComponent);
  } catch {
    throw new HttpError(400, 'Percorso non valido');
  }
}

/** Routes `/api/…`. The route and the method are checked before the token, so a typo answers 404/405, not 401. */
export async function handleApi(ctx: ServerContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const s = segments(url.pathname).slice(1);
  if (s[0] === 'token' && s[1] === 'refresh' && s.length === 2) {
    allow(req, 'POST');
    return refreshToken(ctx, req, res, url);
  }
  if (s[0] !== 'plans') throw new HttpError(404, `Risorsa non trovata: ${url.pathname}`);
  const [, ente, triennio, action, sector, sectorAction] = s;

  if (s.length === 1) {
    allow(req, 'GET', 'POST');
    const p = await principalOf(ctx, req, url);
    return req.method === 'POST' ? createPlan(ctx, p, req, res) : listPlans(ctx, p, res);
  }
  if (ente === undefined || triennio === undefined) throw new HttpError(404, `Risorsa non trovata: ${url.pathname}`);
  if (s.length === 3) {
    allow(req, 'GET');
    return planInfo(ctx, await principalOf(ctx, req, url), ente, triennio, res);
  }
  if (s.length === 4 && action !== undefined && documentFormat(action)) {
    allow(req, 'GET');
    return planDocument(ctx, await principalOf(ctx, req, url, true), ente, triennio, documentFormat(action)!, res);
  }
  if (s.length === 4) {
    switch (action) {
      case 'export.xlsx':
        allow(req, 'GET');
        return exportPlan(ctx, await principalOf(ctx, req, url, true), ente, triennio, res);
      case 'issues':
        allow(req, 'GET');
        return planIssues(ctx, await principalOf(ctx, req, url), ente, triennio, res);
      case 'diff':
        allow(req, 'GET');
        return planDiff(ctx, await principalOf(ctx, req, url), ente, triennio, url, res);
      case 'workflow':
        allow(req, 'GET', 'POST');
        return req.method === 'POST'
          ? postWorkflow(ctx, await principalOf(ctx, req, url), ente, triennio, req, res)
          : getWorkflow(ctx, await principalOf(ctx, req, url), ente, triennio, res);
      case 'history':
        allow(req, 'GET');
        return planHistory(ctx, await principalOf(ctx, req, url), ente, triennio, url, res);
    }
  }
  if (s.length === 6 && action === 'versions' && sector !== undefined && sectorAction !== undefined) {
    allow(req, 'GET');
    return versionDocument(ctx, await principalOf(ctx, req, url, true), ente, triennio, sector, sectorAction, res);
  }
  if (s.length === 6 && action === 'sectors' && sector !== undefined) {
    if (sectorAction === 'template.xlsx') {
      allow(req, 'GET');
      return sectorTemplate(ctx, await principalOf(ctx, req, url, true), ente, triennio, sector, res);
    }
    if (sectorAction === 'import') {
      allow(req, 'POST');
      return importSector(ctx, await principalOf(ctx, req, url), ente, triennio, sector, req, res);
    }
  }
  throw new HttpError(404, `Risorsa non trovata: ${url.pathname}`);
}
