import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import { OutputWatch } from './pace';
import type { StreamBook } from './sheet-writer';
import { ListRegistry } from './validation';

/** One streaming workbook being written to `out`, with what every writer of ours needs beside it. */
export interface OpenBook {
  book: StreamBook;
  lists: ListRegistry;
  /** Throws once `out` has failed or closed, so a writer stops instead of filling a dead stream. */
  check(): void;
  /** Finishes the file; rejects if `out` goes away first. */
  finish(): Promise<void>;
}

export function openStreamBook(out: NodeJS.WritableStream | Writable): OpenBook {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out as Writable, useStyles: true, useSharedStrings: false });
  wb.creator = 'PIAO Collab';
  const watch = new OutputWatch(out);
  return {
    book: wb as unknown as StreamBook,
    lists: new ListRegistry(),
    check: () => watch.check(),
    finish: async () => {
      watch.check();
      await Promise.race([wb.commit(), watch.gone]);
    },
  };
}
