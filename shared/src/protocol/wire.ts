import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/**
 * Wire contract of the sync connection, shared by the server and the pane (issue 10 §1). Every frame
 * starts with a lib0 varUint message type. 0–3 are the stock y-websocket types (y-websocket
 * `src/y-websocket.js` and its server `bin/utils.js`: messageSync = 0, messageAwareness = 1,
 * messageAuth = 2, messageQueryAwareness = 3); 100 (save confirmation, below) and 101 (token renewal,
 * `./identity`) are ours. A stock client ignores types it has no handler for, which is why ours are
 * safe to add.
 */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;

/**
 * Save confirmation, sent only to connections that opened with `ack=1` (stock clients never see it):
 * payload = varUint8Array of `Y.encodeStateVector` of the room's stored state. A client's changes are
 * saved iff every clock of its local state vector is ≤ the server's.
 */
export const MESSAGE_SAVED = 100;

/** Reason of the y-protocols auth message the server sends when a read-only connection writes. */
export const PERMISSION_DENIED_REASON = 'permission denied';

/** Encodes a save confirmation carrying the stored state vector, ready for `WebSocket.send`. */
export function encodeSavedMessage(stateVector: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_SAVED);
  encoding.writeVarUint8Array(e, stateVector);
  return encoding.toUint8Array(e);
}

/**
 * Reads the payload of a save confirmation whose type varUint has already been read (as y-websocket
 * does before calling `messageHandlers[type]`): the server's stored state vector.
 */
export function decodeSavedPayload(decoder: decoding.Decoder): Uint8Array {
  return decoding.readVarUint8Array(decoder);
}
