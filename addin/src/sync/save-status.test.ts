import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { combineSyncStates, isCoveredBy, isSavedOnServer, roomSyncState } from './save-status';

describe('isSavedOnServer', () => {
  it('is false until the server has reported a state vector', () => {
    const doc = new Y.Doc();
    expect(isSavedOnServer(Y.encodeStateVector(doc), null)).toBe(false);
  });

  it('is true when the server has every local clock, and false after a new local edit', () => {
    const client = new Y.Doc();
    const server = new Y.Doc();
    client.getMap('obiettivi').set('a', 1);
    Y.applyUpdate(server, Y.encodeStateAsUpdate(client));
    expect(isSavedOnServer(Y.encodeStateVector(client), Y.encodeStateVector(server))).toBe(true);
    client.getMap('obiettivi').set('b', 2);
    expect(isSavedOnServer(Y.encodeStateVector(client), Y.encodeStateVector(server))).toBe(false);
  });

  it('ignores clients the server knows and this client does not (others’ edits)', () => {
    const client = new Y.Doc();
    const other = new Y.Doc();
    const server = new Y.Doc();
    client.getMap('m').set('x', 1);
    other.getMap('m').set('y', 1);
    Y.applyUpdate(server, Y.encodeStateAsUpdate(client));
    Y.applyUpdate(server, Y.encodeStateAsUpdate(other));
    expect(isSavedOnServer(Y.encodeStateVector(client), Y.encodeStateVector(server))).toBe(true);
    // ...but a foreign client's edits the server has not stored do count.
    Y.applyUpdate(client, Y.encodeStateAsUpdate(other));
    other.getMap('m').set('z', 1);
    Y.applyUpdate(client, Y.encodeStateAsUpdate(other));
    expect(isSavedOnServer(Y.encodeStateVector(client), Y.encodeStateVector(server))).toBe(false);
  });

  it('compares clock by clock', () => {
    expect(isCoveredBy(new Map([[1, 5]]), new Map([[1, 5]]))).toBe(true);
    expect(isCoveredBy(new Map([[1, 6]]), new Map([[1, 5]]))).toBe(false);
    expect(isCoveredBy(new Map([[1, 1]]), new Map())).toBe(false);
    expect(isCoveredBy(new Map(), new Map([[9, 9]]))).toBe(true);
  });
});

describe('sync badge state', () => {
  it('is offline without a connection, syncing until synced and confirmed, then saved', () => {
    expect(roomSyncState({ connected: false, synced: true, saved: true })).toBe('offline');
    expect(roomSyncState({ connected: true, synced: false, saved: true })).toBe('syncing');
    expect(roomSyncState({ connected: true, synced: true, saved: false })).toBe('syncing');
    expect(roomSyncState({ connected: true, synced: true, saved: true })).toBe('saved');
  });

  it('shows the worst room', () => {
    expect(combineSyncStates(['saved', 'saved'])).toBe('saved');
    expect(combineSyncStates(['saved', 'syncing'])).toBe('syncing');
    expect(combineSyncStates(['syncing', 'offline', 'saved'])).toBe('offline');
    expect(combineSyncStates([])).toBe('offline');
    // An expired sign-in outranks everything: reconnecting cannot help until the user signs in again.
    expect(combineSyncStates(['saved', 'offline', 'expired'])).toBe('expired');
  });
});
