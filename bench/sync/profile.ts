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
  const fn = new Map<string, number>();
  const pkg = new Map<string, number>();
  let total = 0;
  let idle = 0;
  // timeDeltas[i + 1] is the time spent in the state sampled at i.
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i + 1] ?? 0;
    const node = byId.get(profile.samples[i]!);
    if (!node) continue;
    total += dt;
    const { functionName, url } = node.callFrame;
    if (functionName === '(idle)') {
      idle += dt;
      continue;
    }
    const name = frameName(node.callFrame);
    fn.set(name, (fn.get(name) ?? 0) + dt);
    const p = packageOf(url, functionName);
    pkg.set(p, (pkg.get(p) ?? 0) + dt);
  }
  const busy = Math.max(1, total - idle);
  const functions = rank(fn, busy, top);
  return {
    totalMs: Math.round(total / 1000),
    busyMs: Math.round(busy / 1000),
    functions,
    packages: rank(pkg, busy, 10),
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
  let total = 0;
  const walk = (n: HeapNode) => {
    if (n.selfSize > 0) {
      total += n.selfSize;
      const name = frameName(n.callFrame);
      fn.set(name, (fn.get(name) ?? 0) + n.selfSize);
      const p = packageOf(n.callFrame.url, n.callFrame.functionName);
      pkg.set(p, (pkg.get(p) ?? 0) + n.selfSize);
    }
    for (const c of n.children) walk(c);
  };
  walk(head);
  const mb = (b: number) => Math.round((b / 2 ** 20) * 10) / 10;
  const list = (m: Map<string, number>, k: number): AllocationEntry[] =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, k)
      .map(([name, b]) => ({ name, mb: mb(b), share: Math.round((b / Math.max(1, total)) * 1000) / 10 }));
  return { totalMb: mb(total), functions: list(fn, top), packages: list(pkg, 8) };
}

/** Summarises `<name>.cpuprofile` and, when present beside it, `<name>.heapprofile`. */
export function readProfileFile(file: string, top = 15): ProfileSummary {
  const summary = summarizeProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, top);
  const heapFile = file.replace(/\.cpuprofile$/, '') + '.heapprofile';
  if (existsSync(heapFile)) summary.allocation = summarizeAllocations((JSON.parse(readFileSync(heapFile, 'utf8')) as { head: HeapNode }).head);
  return summary;
}
