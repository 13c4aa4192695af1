/**
 * Readiness (`GET /readyz`), apart from liveness (`/healthz`): a server whose disk is full is alive but
 * cannot store an edit, and a load balancer or operator must see that (issue 14 item 14). Kept per
 * server context (tests run several servers in one process) without widening ServerContext.
 */
export interface Readiness {
  ready: boolean;
  /** Why not, in Italian (e.g. "archiviazione piena, …"). */
  reason?: string;
}

const checks = new WeakMap<object, () => Readiness>();

export function setReadiness(owner: object, check: () => Readiness): void {
  checks.set(owner, check);
}

/** The readiness of a server; one that registered no check is ready once it answers. */
export function readinessOf(owner: object): Readiness {
  return checks.get(owner)?.() ?? { ready: true };
}
