import type { PlanService } from '../context';
import type { Storage } from './types';

/** Plans and their audit history, straight from the store. */
export function createPlanService(storage: Storage): PlanService {
  // Plans are never deleted: once seen, a plan is known without asking the store again. Every
  // connection checks its plan, and that check must not wait behind a slow or frozen disk.
  const known = new Set<string>();
  const key = (p: { ente: string; triennio: string }) => `${p.ente}\u0000${p.triennio}`;
  return {
    async listPlans() {
      const plans = await storage.listPlans();
      for (const p of plans) known.add(key(p));
      return plans;
    },
    async createPlan(plan) {
      await storage.createPlan(plan);
      known.add(key(plan));
    },
    async hasPlan(plan) {
      if (known.has(key(plan))) return true;
      const plans = await storage.listPlans();
      for (const p of plans) known.add(key(p));
      return known.has(key(plan));
    },
    history(plan, opts = {}) {
      return storage.history({ roomPrefix: `${plan.ente}/${plan.triennio}/`, ...opts });
    },
  };
}
