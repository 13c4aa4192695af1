/**
 * Reads a V8 `.cpuprofile` (the format `node --cpu-prof` and the inspector's Profiler write) and ranks self time by function and by
 * package, so RESULTS.md can name where a server spends its CPU instead of guessing.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileEntry {
  name: string;
  /** Self time, ms. */
  selfMs: number;
  /** Share of the busy (non-idle) time, %. */
  share: number;
}

export interface ProfileSummary {
  /** Sampled wall time, ms. */
  totalMs: number;
  /** Time not idle, ms. */
  busyMs: number;
  functions: ProfileEntry[];
  packages: ProfileEntry[];
  /** Busy time by what the server was doing (the first recognised frame from the leaf up). */
  activities: ProfileEntry[];
  /** The longest stretches without a single idle sample (stalls of the event loop), with what filled them. */
  stalls: Array<{ ms: number; activities: Array<{ name: string; ms: number }> }>;
  /** For the top functions: the call chains (callers, innermost first) that account for most of their time. */
  callers: Array<{ name: string; chains: Array<{ chain: string; selfMs: number }> }>;
  /** Bytes allocated over the window (sampled), when an allocation profile was recorded. */
  allocation: AllocationSummary | null;
}

export interface AllocationEntry {
  name: string;
  mb: number;
  share: number;
}

export interface AllocationSummary {
  totalMb: number;
  functions: AllocationEntry[];
  packages: AllocationEntry[];
  /** Bytes by activity (the same attribution as for time): who feeds the garbage collector. */
  activities: AllocationEntry[];
}

interface HeapNode {
  callFrame: CallFrame;
  selfSize: number;
  children: HeapNode[];
}

const REPO_MARK = /\/(sync-server|shared|addin|bench)\/src?\/?/;

/** The package (or our own folder) a script belongs to. */
export function packageOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node (core)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  const m = REPO_MARK.exec(url);
  return m ? m[1]! : path.basename(url);
}

function shortUrl(url: string): string {
  if (!url) return '';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) return url.slice(nm + 'node_modules/'.length);
  const m = /\/((?:sync-server|shared|addin|bench)\/.*)$/.exec(url);
  return m ? m[1]! : url.replace(/^file:\/\//, '');
}

/**
 * Frames that say what a sample was for. The stack is walked from the leaf towards the root and the
 * first frame any rule of the first tier recognises names the activity (GC, socket writes, the servers'
 * own code paths — so a Yjs call made by the commit counts as the commit); only when none does, the
 * second tier (generic library work) is tried the same way.
 */
type Rule = [string, (f: CallFrame, file: string, caller: CallFrame | undefined) => boolean];
const ACTIVITY_TIERS: Rule[][] = [
  [
    ['raccolta della memoria (GC)', (f) => f.functionName === '(garbage collector)'],
    ['V8 / runtime (program)', (f) => f.functionName === '(program)'],
    ['invio sui socket (ws, syscall writev)', (f, file) => ['writev', 'writeBuffer', 'writeUtf8String', 'writeLatin1String'].includes(f.functionName) || file === 'sender.js'],
    ['compattazione del log', (f, file) => f.functionName === 'compact' && (file === 'sqlite.ts' || file === 'rooms.ts')],
    // The commit callbacks are anonymous: recognised by being called from the log's flush.
    [
      'applicazione al documento e inoltro dopo il commit',
      (f, file, caller) => file === 'room.ts' && (f.functionName === 'onCommitted' || (f.functionName === '' && caller?.functionName === 'flush')),
    ],
    ['commit del log durevole (SQLite)', (f, file) => (f.functionName === 'append' && file === 'sqlite.ts') || (f.functionName === 'flush' && file === 'durable-log.ts')],
    ['validazione sul documento ombra', (f, file) => ['validate', 'newShadow', 'rebuildShadow'].includes(f.functionName) && file === 'room.ts'],
    ['caricamento della stanza', (f, file) => (f.functionName === 'Room' && file === 'room.ts') || (f.functionName === 'load' && file === 'rooms.ts')],
    ['codifica dei messaggi', (_f, file) => file === 'protocol.ts'],
    ['inoltro ai client', (f, file) => (f.functionName === 'broadcast' && file === 'room.ts') || (f.functionName === 'updateHandler' && file === 'utils.js')],
    ['awareness', (f) => /awareness/i.test(f.functionName)],
    ['stato inviato al client (sync step 1/2)', (f) => f.functionName === 'writeSyncStep2' || f.functionName === 'writeSyncStep1' || f.functionName === 'setupWSConnection'],
    ['applicazione degli aggiornamenti al documento (riferimento)', (f, file) => f.functionName === 'messageListener' && file === 'utils.js'],
    ['ricezione e decodifica dei messaggi', (f, file) => (f.functionName === 'onMessage' || f.functionName === 'dispatch') && file === 'connection.ts'],
  ],
  [
    ['ricezione dai socket (ws)', (f, file) => file === 'receiver.js' || f.functionName === 'onStreamRead'],
    ['log (pino)', (f) => f.url.includes('/pino/')],
    ['verifica dei token (jose)', (f) => f.url.includes('/jose/')],
    ['applicazione degli aggiornamenti (Yjs)', (f) => ['applyUpdate', 'applyUpdateV2', 'readUpdate'].includes(f.functionName)],
  ],
];

function activityOf(stack: CallFrame[]): string {
  for (const tier of ACTIVITY_TIERS) {
    for (let i = 0; i < stack.length; i++) {
      const f = stack[i]!;
      const file = path.basename(f.url);
      for (const [name, match] of tier) if (match(f, file, stack[i + 1])) return name;
    }
  }
  const leaf = stack[0];
  return leaf ? `${packageOf(leaf.url, leaf.functionName)} (altro)` : '(sconosciuto)';
}

function frameName({ functionName, url, lineNumber }: CallFrame): string {
  return url ? `${functionName || '(anonima)'} — ${shortUrl(url)}:${lineNumber + 1}` : functionName || '(anonima)';
}

function rank(map: Map<string, number>, busy: number, top: number): ProfileEntry[] {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, us]) => ({ name, selfMs: Math.round(us / 100) / 10, share: Math.round((us / busy) * 1000) / 10 }));
}

export function summarizeProfile(profile: CpuProfile, top = 15): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const activityCache = new Map<number, string>();
  const activityOfNode = (id: number): string => {
    let a = activityCache.get(id);
    if (a === undefined) {
      const stack: CallFrame[] = [];
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) stack.push(byId.get(at)!.callFrame);
      a = activityOf(stack);
      activityCache.set(id, a);
    }
    return a;
  };
  const fn = new Map<string, number>();
  const pkg = new Map<string, number>();
  const act = new Map<string, number>();
  let total = 0;
  let idle = 0;
  const stalls: ProfileSummary['stalls'] = [];
  let stretch = { ms: 0, acts: new Map<string, number>() };
  const closeStretch = () => {
    if (stretch.ms > 0) {
      const activities = [...stretch.acts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([name, us]) => ({ name, ms: Math.round(us / 1000) }));
      stalls.push({ ms: Math.round(stretch.ms / 1000), activities });
      stalls.sort((a, b) => b.ms - a.ms);
      stalls.length = Math.min(stalls.length, 3);
    }
    stretch = { ms: 0, acts: new Map() };
  };
  // timeDeltas[i + 1] is the time spent in the state sampled at i.
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i + 1] ?? 0;
    const node = byId.get(profile.samples[i]!);
    if (!node) continue;
    total += dt;
    const { functionName, url } = node.callFrame;
    if (functionName === '(idle)') {
      idle += dt;
      closeStretch();
      continue;
    }
    const name = frameName(node.callFrame);
    fn.set(name, (fn.get(name) ?? 0) + dt);
    const p = packageOf(url, functionName);
    pkg.set(p, (pkg.get(p) ?? 0) + dt);
    const a = activityOfNode(node.id);
    act.set(a, (act.get(a) ?? 0) + dt);
    stretch.ms += dt;
    stretch.acts.set(a, (stretch.acts.get(a) ?? 0) + dt);
  }
  closeStretch();
  const busy = Math.max(1, total - idle);
  const functions = rank(fn, busy, top);
  return {
    totalMs: Math.round(total / 1000),
    busyMs: Math.round(busy / 1000),
    functions,
    packages: rank(pkg, busy, 10),
    activities: rank(act, busy, 12),
    stalls,
    callers: callersOf(profile, functions.slice(0, 5).map((f) => f.name)),
    allocation: null,
  };
}

/** Where the time of each named function comes from: its callers, up to four frames out. */
function callersOf(profile: CpuProfile, names: string[]): ProfileSummary['callers'] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const wanted = new Set(names);
  const chains = new Map<string, Map<string, number>>();
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i]!);
    if (!node) continue;
    const name = frameName(node.callFrame);
    if (!wanted.has(name)) continue;
    const frames: string[] = [];
    for (let id = parent.get(node.id); id !== undefined && frames.length < 4; id = parent.get(id)) {
      const f = byId.get(id)!.callFrame;
      if (f.functionName === '(root)') break;
      frames.push(`${f.functionName || '(anonima)'}${f.url ? ` (${path.basename(f.url)}:${f.lineNumber + 1})` : ''}`);
    }
    const m = chains.get(name) ?? new Map<string, number>();
    const key = frames.join(' ← ') || '(radice)';
    m.set(key, (m.get(key) ?? 0) + (profile.timeDeltas[i + 1] ?? 0));
    chains.set(name, m);
  }
  return names.map((name) => ({
    name,
    chains: [...(chains.get(name) ?? new Map<string, number>()).entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([chain, us]) => ({ chain, selfMs: Math.round(us / 100) / 10 })),
  }));
}

/** Sampled allocations (a `.heapprofile` from HeapProfiler sampling) by function and package. */
export function summarizeAllocations(head: HeapNode, top = 10): AllocationSummary {
  const fn = new Map<string, number>();
  const pkg = new Map<string, number>();
  const act = new Map<string, number>();
  let total = 0;
  // Frames from the root down to the current node; reversed, it is a stack leaf-first.
  const path: CallFrame[] = [];
  const walk = (n: HeapNode) => {
    path.push(n.callFrame);
    if (n.selfSize > 0) {
      total += n.selfSize;
      const name = frameName(n.callFrame);
      fn.set(name, (fn.get(name) ?? 0) + n.selfSize);
      const p = packageOf(n.callFrame.url, n.callFrame.functionName);
      pkg.set(p, (pkg.get(p) ?? 0) + n.selfSize);
      const a = activityOf([...path].reverse());
      act.set(a, (act.get(a) ?? 0) + n.selfSize);
    }
    for (const c of n.children) walk(c);
    path.pop();
  };
  walk(head);
  const mb = (b: number) => Math.round((b / 2 ** 20) * 10) / 10;
  const list = (m: Map<string, number>, k: number): AllocationEntry[] =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, k)
      .map(([name, b]) => ({ name, mb: mb(b), share: Math.round((b / Math.max(1, total)) * 1000) / 10 }));
  return { totalMb: mb(total), functions: list(fn, top), packages: list(pkg, 8), activities: list(act, 10) };
}

/** Summarises `<name>.cpuprofile` and, when present beside it, `<name>.heapprofile`. */
export function readProfileFile(file: string, top = 15): ProfileSummary {
  const summary = summarizeProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, top);
  const heapFile = file.replace(/\.cpuprofile$/, '') + '.heapprofile';
  if (existsSync(heapFile)) summary.allocation = summarizeAllocations((JSON.parse(readFileSync(heapFile, 'utf8')) as { head: HeapNode }).head);
  return summary;
}
