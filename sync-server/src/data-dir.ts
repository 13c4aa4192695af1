import { mkdir } from 'node:fs/promises';
import { applyAll } from './storage/merge';
import path from 'node:path';
import * as Y from 'yjs';
import type { Logger } from 'pino';
import type { AuthService, PlanService } from './context';
import { createHsAuth } from './auth/jwt';
import { loadOrCreateSecret } from './auth/secret';
import { checkDataDir, describeOpenFailure, writeMarker } from './data-guard';
import { storedRecord } from './storage/plan-records';
import { createPlanService } from './storage/plans';
import { openSqliteStorage } from './storage/sqlite';
import { openThreadedSqliteStorage } from './storage/sqlite-thread';
import type { RoomState, Storage } from './storage/types';

export const DB_FILE = 'piao.sqlite';

export interface DataDir {
  storage: Storage;
  auth: AuthService;
  plans: PlanService;
  /** The room's stored document (a fresh copy on every call). */
  loadRoomDoc(room: string): Promise<Y.Doc>;
  /** Validates and stores an update on behalf of `sub`; a no-op update stores nothing. */
  appendUpdate(room: string, update: Uint8Array, sub: string): Promise<void>;
  close(): Promise<void>;
}

/** Opens the store and signing key of a data directory, creating them on first use. */
export async function openStore(
  dataDir: string,
  logger?: Logger,
  storage?: Storage,
  keyOpts: { newSigningKey?: boolean } = {},
  /** `thread`: run SQLite in its own worker thread (storage/sqlite-thread.ts), as `piao serve` does. */
  storeOpts: { thread?: boolean } = {},
): Promise<{ storage: Storage; secret: Uint8Array }> {
  const file = path.join(dataDir, DB_FILE);
  try {
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    // Before anything is created: a used folder with its database gone must not start as a new one.
    if (!storage) await checkDataDir(dataDir, DB_FILE);
    const secret = await loadOrCreateSecret(dataDir, logger, { ...keyOpts, ...(storage ? {} : { databaseFile: file }) });
    if (!storage) {
      storage = storeOpts.thread ? await openThreadedSqliteStorage(file) : openSqliteStorage(file);
      await writeMarker(dataDir);
    }
    // One small write now: a full disk is said at start ("disco pieno"), not at the first user edit.
    await storage.probe?.();
    return { storage, secret };
  } catch (err) {
    throw describeOpenFailure(err, file);
  }
}

export function docFromState(state: RoomState): Y.Doc {
  const doc = new Y.Doc();
  const parts = state.snapshot ? [state.snapshot, ...state.updates] : state.updates;
  applyAll(doc, parts);
  return doc;
}

/**
 * The data directory for tools that work on the database directly, with no server running (CLI token,
 * export, import, demo creation). Writes made here while a server runs on the same directory are stored
 * but not seen by that server's loaded rooms.
 */
export async function openDataDir(
  dataDir: string,
  /** `storage`: a store opened elsewhere (PostgreSQL, `--database`) instead of the folder's SQLite; closed with this. */
  opts: { logger?: Logger; newSigningKey?: boolean; storage?: Storage } = {},
): Promise<DataDir> {
  const { storage, secret } = await openStore(dataDir, opts.logger, opts.storage, { newSigningKey: opts.newSigningKey === true });
  // Each room's document as stored, kept so a series of appends does not reload it every time.
  const docs = new Map<string, Y.Doc>();
  const current = async (room: string): Promise<Y.Doc> => {
    let doc = docs.get(room);
    if (!doc) {
      doc = docFromState(await storage.load(room));
      docs.set(room, doc);
    }
    return doc;
  };
  return {
    storage,
    auth: createHsAuth(secret),
    plans: createPlanService(storage),
    async loadRoomDoc(room) {
      return docFromState(await storage.load(room));
    },
    async appendUpdate(room, update, sub) {
      const doc = await current(room);
      const diffs: Uint8Array[] = [];
      const capture = (u: Uint8Array) => diffs.push(u);
      doc.on('update', capture);
      try {
        Y.decodeUpdate(update);
        Y.applyUpdate(doc, update);
      } catch (err) {
        docs.delete(room);
        throw new Error(`Aggiornamento Yjs non valido per la stanza ${room}`, { cause: err });
      } finally {
        doc.off('update', capture);
      }
      if (diffs.length === 0) return;
      const diff = diffs.length === 1 ? diffs[0]! : Y.mergeUpdates(diffs);
      try {
        await storage.append([storedRecord({ room, sub, at: Date.now(), update: diff })]);
      } catch (err) {
        docs.delete(room);
        throw err;
      }
    },
    close: () => storage.close(),
  };
}
