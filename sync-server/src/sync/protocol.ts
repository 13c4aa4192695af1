import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as authProtocol from 'y-protocols/auth';
import * as awarenessProtocol from 'y-protocols/awareness';

import {
  MESSAGE_AUTH,
  MESSAGE_AWARENESS,
  MESSAGE_SYNC,
  PERMISSION_DENIED_REASON,
  encodeSavedMessage,
} from '@piao/shared/protocol/wire';

/** The message types and the save confirmation are the shared wire contract (`@piao/shared/protocol/wire`). */
export {
  MESSAGE_AUTH,
  MESSAGE_AWARENESS,
  MESSAGE_QUERY_AWARENESS,
  MESSAGE_SAVED,
  MESSAGE_SYNC,
  PERMISSION_DENIED_REASON,
} from '@piao/shared/protocol/wire';

function frame(write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
}

export function syncStep1Message(doc: Y.Doc): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(e, doc);
  });
}

/** Sync step 2 answering a client's state vector: what the server has that the client lacks. */
export function syncStep2Message(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC);
    syncProtocol.writeSyncStep2(e, doc, stateVector);
  });
}

export function updateMessage(update: Uint8Array): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC);
    syncProtocol.writeUpdate(e, update);
  });
}

export function awarenessMessage(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
  });
}

export function permissionDeniedMessage(reason = PERMISSION_DENIED_REASON): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, MESSAGE_AUTH);
    authProtocol.writePermissionDenied(e, reason);
  });
}

/** Save confirmation carrying the room's stored state vector (the room's doc holds only stored state). */
export function savedMessage(doc: Y.Doc): Uint8Array {
  return encodeSavedMessage(Y.encodeStateVector(doc));
}
