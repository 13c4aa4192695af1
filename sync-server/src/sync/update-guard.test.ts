import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import { docContainsUpdate } from './update-guard';

type Op = { kind: 'set'; key: number; value: number } | { kind: 'delete'; key: number } | { kind: 'sync' };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), key: fc.integer({ min: 0, max: 6 }), value: fc.integer() }),
  fc.record({ kind: fc.constant('delete' as const), key: fc.integer({ min: 0, max: 6 }) }),
  fc.record({ kind: fc.constant('sync' as const) }),
);

describe('docContainsUpdate (O(update) read-only check)', () => {
  it('answers like Y.snapshotContainsUpdate on random histories of two documents', () => {
    const seed = Number(process.env.PIAO_FC_SEED ?? Date.now());
    console.log(`fast-check seed (docContainsUpdate): ${seed}`);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), op), { maxLength: 40 }), (ops) => {
        const a = new Y.Doc();
        const b = new Y.Doc();
        const updates: Uint8Array[] = [];
        b.on('update', (u: Uint8Array) => updates.push(u));
        for (const [onA, o] of ops) {
          const d = onA ? a : b;
          if (o.kind === 'set') d.getMap('m').set(String(o.key), o.value);
          else if (o.kind === 'delete') d.getMap('m').delete(String(o.key));
          else Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
        }
        for (const u of [...updates, Y.encodeStateAsUpdate(b), Y.encodeStateAsUpdate(a)]) {
          expect(docContainsUpdate(a, u)).toBe(Y.snapshotContainsUpdate(Y.snapshot(a), u));
        }
      }),
      { seed, numRuns: 300 },
    );
  });

  it('throws on bytes that are not an update', () => {
    expect(() => docContainsUpdate(new Y.Doc(), new Uint8Array([255, 255, 255]))).toThrow();
  });
});
