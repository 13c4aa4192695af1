/** The contract between the harness and the load generator child (sent over IPC as JSON). */
import type { CommitStats } from '../sync/commit-metrics';
import type { LatencySummary } from './stats';

export interface LoadConfig {
  /** Base URL given to every WebsocketProvider, e.g. `ws://127.0.0.1:1234/sync`. */
  url: string;
  /** One entry per room: its name and one token per client (empty strings when the server has no auth). */
  rooms: Array<{ name: string; tokens: string[] }>;
  /** The server's pid, to sample its CPU time per step (Linux /proc). */
  serverPid: number;
  /** A step passes when its p99 latency is under this and nothing is missing. */
  p99TargetMs: number;
  /** How long to wait after a step for late deliveries before counting them missing. */
  drainTimeoutMs: number;
  connectTimeoutMs: number;
}

export interface StepResult {
  rate: number;
  /** Edits actually issued per second over the step. */
  achievedRate: number;
  edits: number;
  /** Deliveries expected: every edit to every other client of its room. */
  expected: number;
  delivered: number;
  missing: number;
  latency: LatencySummary;
  /** CPU use over the step in % of one core (null where /proc is unavailable). */
  serverCpu: number | null;
  loadgenCpu: number;
  /** 99th percentile of the load generator's event-loop delay, ms (its own saturation). */
  loadgenLoopP99: number;
  /** Provider disconnections seen during the step. */
  disconnects: number;
  pass: boolean;
  /** The server's event-loop delay over the step and its drain, ms (a stall delays every delivery behind it). */
  serverLoop?: { p99: number; max: number };
  /** Our server only: its group commits over the step (from its /metrics). */
  commits?: CommitStats;
  /** Some clients were still disconnected 15 s after the step. */
  unsettled?: boolean;
  /** Base rate only: p99 of every attempt, in order (this step is the median one). */
  p99Attempts?: number[];
  /** Set when this is the second attempt at a rate whose first attempt missed. */
  retried?: boolean;
}

export interface LoadResult {
  clients: number;
  rooms: number;
  /** Time to connect and sync every client, ms. */
  connectMs: number;
  /** Measured steps in ascending rate order (the warm-up is not among them). */
  steps: StepResult[];
  /** Highest rate tried whose step passed (p99 under target, nothing missing); 0 if none did. */
  maxPassingRate: number;
}
