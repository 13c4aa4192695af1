import * as Y from 'yjs';
import { readSheet } from '@piao/shared/doc/rows';
import { getSheet, withComputed } from '@piao/shared/schema/index';
import type { SheetId } from '@piao/shared/schema/index';
import type { FrameScheduler } from './binder';
import type { MemoryHost } from './memory-host';
import type { HostValue } from './sheet-host';

/** Test support: a frame scheduler the test drives, and two docs joined by a controllable network. */

export function manualFrames(): { schedule: FrameScheduler; settle: () => Promise<void>; pending: () => number; runFrame: () => void } {
  const queue: Array<() => void> = [];
  const schedule: FrameScheduler = (fn) => {
    queue.push(fn);
    return () => {
      const i = queue.indexOf(fn);
      if (i >= 0) queue.splice(i, 1);
    };
  };
  const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
  const runFrame = () => {
    for (const fn of queue.splice(0)) fn();
  };
  /** Runs frames and lets host writes land until nothing is left to do. */
  const settle = async () => {
    for (let round = 0; round < 100; round++) {
      await tick();
      if (queue.length === 0) {
        await tick();
        if (queue.length === 0) return;
      }
      runFrame();
    }
    throw new Error('the binding did not settle');
  };
  return { schedule, settle, pending: () => queue.length, runFrame };
}

/** Two documents whose updates travel only when `deliver` is called (in order, per direction). */
export function linkedDocs(): { local: Y.Doc; remote: Y.Doc; deliver: () => void } {
  const local = new Y.Doc();
  const remote = new Y.Doc();
  const toRemote: Uint8Array[] = [];
  const toLocal: Uint8Array[] = [];
  local.on('update', (u: Uint8Array, origin: unknown) => origin !== 'remote' && toRemote.push(u));
  remote.on('update', (u: Uint8Array, origin: unknown) => origin !== 'remote' && toLocal.push(u));
  const deliver = () => {
    for (const u of toRemote.splice(0)) Y.applyUpdate(remote, u, 'remote');
    for (const u of toLocal.splice(0)) Y.applyUpdate(local, u, 'remote');
  };
  return { local, remote, deliver };
}

const norm = (v: HostValue | undefined): HostValue => (v === undefined || v === '' ? null : v);

/** Host rows by id (cells marked invalid left out) and document rows by id, ready to compare. */
export function compareHostAndDoc(host: MemoryHost, doc: Y.Doc, sheet: SheetId) {
  const def = getSheet(sheet);
  const marked = new Set(host.marks(sheet).map((m) => `${m.rowId}/${m.column}`));
  const hostRows: Record<string, Record<string, HostValue>> = {};
  const docRows: Record<string, Record<string, HostValue>> = {};
  for (const r of host.rows(sheet)) {
    hostRows[r.id] = Object.fromEntries(def.columns.filter((c) => !marked.has(`${r.id}/${c.id}`)).map((c) => [c.id, norm(r.values[c.id])]));
  }
  for (const r of readSheet(doc, sheet)) {
    const full = withComputed(def, r.values);
    docRows[r.id] = Object.fromEntries(def.columns.filter((c) => !marked.has(`${r.id}/${c.id}`)).map((c) => [c.id, norm(full[c.id])]));
  }
  return { hostRows, docRows };
}
