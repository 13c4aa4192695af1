import type { PlanService } from '../context';
import type { Storage } from './types';

/** Plans and their audit history, straight from the store. */
export function createPlanService(storage: Storage): PlanService {
  return {
    listPlans: () => storage.listPlans(),
    createPlan: (plan) => storage.createPlan(plan),
    async hasPlan(plan) {
      return (await storage.listPlans()).some((p) => p.ente === plan.ente && p.triennio === plan.triennio);
    },
    history(plan, opts = {}) {
      return storage.history({ roomPrefix: `${plan.ente}/${plan.triennio}/`, ...opts });
    },
  };
}
