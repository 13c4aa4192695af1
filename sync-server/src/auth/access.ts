import { parseRoom, PLAN_ROOM } from '@piao/shared/doc/rooms';
import type { Access, AccessPolicy } from '../context';

/**
 * Room-level authorisation (design.md §4): nobody reaches another administration's rooms or a sector
 * the plan does not list; coordinators write the whole plan; editors write their own sectors and read
 * the rest of the plan (including `_piano`); viewers read the plan.
 */
export const accessPolicy: AccessPolicy = (p, room, planSectors): Access => {
  const ref = parseRoom(room);
  if (!ref || ref.ente !== p.ente) return 'none';
  if (ref.room !== PLAN_ROOM && !planSectors.includes(ref.room)) return 'none';
  switch (p.role) {
    case 'coordinator':
      return 'write';
    case 'editor':
      return ref.room !== PLAN_ROOM && p.sectors.includes(ref.room) ? 'write' : 'read';
    case 'viewer':
      return 'read';
    default:
      return 'none';
  }
};
