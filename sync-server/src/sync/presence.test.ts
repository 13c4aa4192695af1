import fc from 'fast-check';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { Principal } from '../context';
import { ClientIdRegistry } from './client-ids';
import { MAX_LISTED_CLIENTS, MAX_PRESENCE_IDS, MAX_PRESENCE_STATE_BYTES, MalformedPresenceError, PresenceGuard, type PresenceRoom } from './presence';

const envSeed = process.env.PIAO_FC_SEED;
const SEED = envSeed !== undefined && envSeed !== '' ? Number(envSeed) : Date.now() % 2 ** 31;

/** An awareness update as y-protocols encodes it (count, then clientID, clock, JSON state). */
function frame(entries: { id: number; clock: number; state: unknown }[]): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, entries.length);
  for (const x of entries) {
    encoding.writeVarUint(e, x.id);
    encoding.writeVarUint(e, x.clock);
    encoding.writeVarString(e, JSON.stringify(x.state));
  }
  return encoding.toUint8Array(e);
}

function makeRoom(): PresenceRoom {
  const awareness = new awarenessProtocol.Awareness(new Y.Doc());
  awareness.setLocalState(null);
  return { name: 'casale-monferrato/2022-2024/_piano', awareness };
}

const who = (sub: string): Principal => ({ sub, name: `Nome ${sub}`, ente: 'casale-monferrato', role: 'editor', sectors: ['x'] });

describe('PresenceGuard', () => {
  it('rejects malformed messages with its own error', () => {
    const g = new PresenceGuard(makeRoom(), who('a'), new Set());
    expect(() => g.filter(new Uint8Array([5, 1]))).toThrow(MalformedPresenceError);
    expect(() => g.filter(frame([{ id: 1, clock: 1, state: {} }]).slice(0, -1))).toThrow(MalformedPresenceError);
  });

  it(`whatever several connections send, each id has one owner, nobody owns more than the cap, and every relayed state carries its owner's identity (seed ${SEED})`, () => {
    const op = fc.record({
      conn: fc.integer({ min: 0, max: 3 }),
      entries: fc.array(
        fc.record({
          id: fc.integer({ min: 1, max: 8 }),
          clock: fc.integer({ min: 0, max: 6 }),
          state: fc.oneof(
            fc.constant(null),
            fc.record({ user: fc.record({ sub: fc.constantFrom('a', 'b', 'boss'), name: fc.string(), color: fc.constantFrom('#123456', 'red') }), sheet: fc.string({ maxLength: 5 }) }),
            fc.constant({ pad: 'x'.repeat(MAX_PRESENCE_STATE_BYTES + 1) }),
            fc.constant(42),
          ),
        }),
        { maxLength: 6 },
      ),
      leave: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const room = makeRoom();
        // Connections 0 and 1 are the same user (two tabs); 2 and 3 are others.
        const subs = ['a', 'a', 'b', 'c'];
        const peerIds = subs.map(() => new Set<number>());
        let guards = subs.map((s, i) => new PresenceGuard(room, who(s), peerIds[i]!));
        for (const o of ops) {
          const g = guards[o.conn]!;
          const allowed = g.filter(frame(o.entries));
          if (allowed) awarenessProtocol.applyAwarenessUpdate(room.awareness, allowed, o.conn);
          if (o.leave) {
            // As the room does when a connection closes: its entries go, its claims are released.
            const ids = [...g.ids];
            g.release();
            awarenessProtocol.removeAwarenessStates(room.awareness, ids, null);
            guards = guards.map((x, i) => (i === o.conn ? new PresenceGuard(room, who(subs[i]!), (peerIds[i] = new Set())) : x));
          }
          const owners = new Map<number, number>();
          guards.forEach((x, i) => {
            expect(x.ids.size).toBeLessThanOrEqual(MAX_PRESENCE_IDS);
            for (const id of x.ids) {
              expect(owners.has(id)).toBe(false);
              owners.set(id, i);
            }
          });
          for (const [id, state] of room.awareness.getStates()) {
            const owner = owners.get(id);
            expect(owner).toBeDefined();
            expect((state as { user: { sub: string } }).user.sub).toBe(subs[owner!]);
            expect(JSON.stringify(state).length).toBeLessThanOrEqual(MAX_PRESENCE_STATE_BYTES);
          }
        }
      }),
      { seed: SEED },
    );
  });
  it('keeps in `clients` only document ids nobody else wrote under in the plan (no misattributed edits)', async () => {
    const registry = new ClientIdRegistry({ history: async () => [] });
    // Bruno wrote under 777 in a sector room of the same plan; 888 is Anna's own; 999 is nobody's yet.
    await registry.ready('casale-monferrato/2022-2024/finanze');
    registry.claim('casale-monferrato/2022-2024/finanze', 777, 'bruno');
    registry.claim('casale-monferrato/2022-2024/finanze', 888, 'anna');
    registry.claim('altro-ente/2022-2024/finanze', 555, 'bruno');
    const room = makeRoom();
    const g = new PresenceGuard(room, who('anna'), new Set(), registry);
    const out = g.filter(frame([{ id: 1, clock: 1, state: { clients: [777, 888, 999, 555, 'x', -1, 1.5] } }]));
    awarenessProtocol.applyAwarenessUpdate(room.awareness, out!, null);
    expect(room.awareness.getStates().get(1)).toMatchObject({ clients: [888, 999, 555], user: { sub: 'anna' } });
    const many = Array.from({ length: MAX_LISTED_CLIENTS + 10 }, (_, i) => 10_000 + i);
    const out2 = g.filter(frame([{ id: 1, clock: 2, state: { clients: many } }]));
    awarenessProtocol.applyAwarenessUpdate(room.awareness, out2!, null);
    expect((room.awareness.getStates().get(1) as { clients: number[] }).clients).toHaveLength(MAX_LISTED_CLIENTS);
  });
});
