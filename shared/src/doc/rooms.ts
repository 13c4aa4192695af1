/**
 * Room names: one room per sector per plan, `<ente>/<triennio>/<sector>`, plus `<ente>/<triennio>/_piano`
 * for plan-level data. Room-level rooms make authorisation a room-level decision (design.md §3).
 */

export const PLAN_ROOM = '_piano';

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const TRIENNIO = /^(\d{4})-(\d{4})$/;

export interface RoomRef {
  ente: string;
  triennio: string;
  /** A sector id, or `_piano`. */
  room: string;
}

export function isSlug(s: string): boolean {
  return SLUG.test(s) && s.length <= 64;
}

/** `AAAA-AAAA` with the second year equal to the first + 2. */
export function isTriennio(s: string): boolean {
  const m = TRIENNIO.exec(s);
  return !!m && Number(m[2]) === Number(m[1]) + 2;
}

export function triennioYears(triennio: string): [number, number, number] | null {
  const m = TRIENNIO.exec(triennio);
  if (!m) return null;
  const first = Number(m[1]);
  return [first, first + 1, first + 2];
}

export function roomName(ente: string, triennio: string, room: string): string {
  return `${ente}/${triennio}/${room}`;
}

/** Parses `<ente>/<triennio>/<room>`; null when any part is malformed. */
export function parseRoom(name: string): RoomRef | null {
  const parts = name.split('/');
  if (parts.length !== 3) return null;
  const [ente, triennio, room] = parts as [string, string, string];
  if (!isSlug(ente) || !isTriennio(triennio)) return null;
  if (room !== PLAN_ROOM && !isSlug(room)) return null;
  return { ente, triennio, room };
}
