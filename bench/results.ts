/** The shape of `bench/results.json`: everything one `npm run bench` measured, and how it went. */
import type { BindingResult } from './binding';
import type { ColdLoadResult } from './cold-load';
import type { DocSizeCase } from './doc-size';
import type { PropagationResult } from './sync/propagation';
import type { Result as ExportResult } from './lib/export-bench';

/** The export benchmark's result row. */
export type ExportRow = ExportResult;

export interface ExportSection {
  budget: { maxRatio: number; maxPeakRssMb: number; atRows: number };
  results: ExportRow[];
}

export interface Machine {
  cpu: string;
  cores: number;
  memoryGb: number;
  os: string;
  node: string;
}

/** A section that ran (its data) or broke (the harness's own failure, with the reason). */
export type Section<T> = { ok: true; ms: number; load: [number, number]; data: T } | { ok: false; ms: number; error: string };

export interface BenchResults {
  startedAt: string;
  durationS: number;
  machine: Machine;
  /** 1-minute load average before and after the whole run (other work on the machine skews timings). */
  loadAverage: [number, number];
  sections: {
    propagation?: Section<PropagationResult>;
    coldLoad?: Section<ColdLoadResult>;
    export?: Section<ExportSection>;
    binding?: Section<BindingResult>;
    docSize?: Section<DocSizeCase[]>;
  };
}
