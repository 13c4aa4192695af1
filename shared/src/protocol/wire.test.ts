import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { MESSAGE_SAVED, decodeSavedPayload, encodeSavedMessage } from './wire';

describe('save confirmation encoding', () => {
  it('round-trips a state vector through type + payload as y-websocket reads it', () => {
    const doc = new Y.Doc();
    doc.getMap('m').set('a', 1);
    const sv = Y.encodeStateVector(doc);
    const d = decoding.createDecoder(encodeSavedMessage(sv));
    expect(decoding.readVarUint(d)).toBe(MESSAGE_SAVED);
    expect(decodeSavedPayload(d)).toEqual(sv);
    expect(decoding.hasContent(d)).toBe(false);
  });

  it('round-trips any bytes (fast-check)', () => {
    const seed = Date.now();
    console.log(`fast-check seed ${seed}`);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const d = decoding.createDecoder(encodeSavedMessage(bytes));
        return decoding.readVarUint(d) === MESSAGE_SAVED && Buffer.from(decodeSavedPayload(d)).equals(Buffer.from(bytes));
      }),
      { seed },
    );
  });
});
