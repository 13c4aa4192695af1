import { HttpError } from './respond';

/**
 * Imports one room at a time and few per server (issue 14 items 6–7). Two uploads of the same file at
 * once added every row twice: now the second waits for the first to be stored, then merges against the
 * document that already holds its rows. Beyond one waiting import per room, or `maxInFlight` on the
 * server, the request is refused with 429 and Retry-After rather than queued without end.
 */
export class ImportGate {
  private inFlight = 0;
  private readonly rooms = new Map<string, { tail: Promise<void>; count: number }>();

  constructor(
    readonly maxInFlight = 3,
    readonly maxPerRoom = 2,
    readonly retryAfterSeconds = 5,
  ) {}

  async run<T>(room: string, fn: () => Promise<T>): Promise<T> {
    const slot = this.rooms.get(room) ?? { tail: Promise.resolve(), count: 0 };
    if (slot.count >= this.maxPerRoom) throw this.busy("È già in corso un'importazione in questo settore: riprovare tra qualche secondo.");
    if (this.inFlight >= this.maxInFlight) throw this.busy('Il server sta già importando altri file: riprovare tra qualche secondo.');
    this.inFlight++;
    slot.count++;
    this.rooms.set(room, slot);
    const previous = slot.tail;
    let release!: () => void;
    slot.tail = new Promise<void>((r) => (release = r));
    try {
      await previous;
      return await fn();
    } finally {
      this.inFlight--;
      slot.count--;
      release();
      if (slot.count === 0) this.rooms.delete(room);
    }
  }

  private busy(message: string): HttpError {
    return new HttpError(429, message, {}, { 'retry-after': String(this.retryAfterSeconds) });
  }
}

const gates = new WeakMap<object, ImportGate>();

/** The gate of one server (tests start several servers in one process). */
export function importGate(owner: object): ImportGate {
  let g = gates.get(owner);
  if (!g) gates.set(owner, (g = new ImportGate()));
  return g;
}
