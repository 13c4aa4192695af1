import { createInflateRaw } from 'node:zlib';

/**
 * Checks an uploaded .xlsx (a ZIP archive) BEFORE exceljs inflates it whole: a 1.4 MiB zip bomb
 * inflating to 400 MiB, or 800k rows in 18 MiB, ran the server out of memory (issue 14 item 6).
 *
 * 1. The central directory (PKWARE APPNOTE 6.3.x, §4.3.12 and §4.3.16: the end record gives its offset
 *    and size; each header gives the entry's method, compressed and uncompressed sizes, local header
 *    offset) is read first; the declared sizes are checked against the caps without inflating anything.
 * 2. Declared sizes can lie, so every entry is then inflated as a stream whose output is counted and
 *    dropped (constant memory), stopping at the first byte past its declared size or the total cap;
 *    worksheet entries are scanned for `<row` elements on the way, stopping past the row cap.
 * Only then may the workbook be loaded. Runs in the import worker.
 */

export interface GuardLimits {
  /** Sum of the inflated sizes of all entries. */
  maxInflatedBytes: number;
  maxEntries: number;
  /** Rows per worksheet (counted as `<row>` elements, header included). */
  maxRows: number;
}

export const DEFAULT_GUARD_LIMITS: GuardLimits = { maxInflatedBytes: 64 * 1024 * 1024, maxEntries: 2_000, maxRows: 20_000 };

export type GuardResult = { ok: true } | { ok: false; message: string };

interface Entry {
  name: string;
  method: number;
  compressed: number;
  inflated: number;
  localOffset: number;
}

const EOCD_SIG = 0x06054b50;
const CEN_SIG = 0x02014b50;
const LOC_SIG = 0x04034b50;
const mb = (n: number) => `${Math.round(n / (1024 * 1024))} MB`;
const fmt = (n: number) => n.toLocaleString('it-IT');

const DAMAGED = 'Il file è danneggiato o non è una cartella di lavoro Excel (.xlsx) valida: salvarlo di nuovo da Excel come .xlsx e riprovare.';
const tooBig = (limits: GuardLimits) =>
  `Il file, una volta decompresso, supera ${mb(limits.maxInflatedBytes)}: il modello di un settore è molto più piccolo. Controllare di aver caricato il file giusto.`;
const tooManyRows = (limits: GuardLimits) =>
  `Il file contiene un foglio con più di ${fmt(limits.maxRows)} righe, oltre il massimo per foglio: un settore ne ha molte meno. Controllare di aver caricato il file giusto.`;

/** The entries of the central directory, or a reason the archive cannot be trusted. */
function centralDirectory(buf: Buffer, limits: GuardLimits): Entry[] | string {
  // The end record is in the last 22 + 65535 (comment) bytes.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === EOCD_SIG) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return DAMAGED;
  const count = buf.readUInt16LE(eocd + 10);
  const size = buf.readUInt32LE(eocd + 12);
  const offset = buf.readUInt32LE(eocd + 16);
  // ZIP64 markers: no sector template comes near 4 GB or 65k entries.
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) return tooBig(limits);
  if (count > limits.maxEntries) return `Il file contiene ${fmt(count)} parti, oltre il massimo di ${fmt(limits.maxEntries)}: non è un modello di settore.`;
  if (offset + size > eocd) return DAMAGED;
  const entries: Entry[] = [];
  let p = offset;
  let total = 0;
  for (let k = 0; k < count; k++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CEN_SIG) return DAMAGED;
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const inflated = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const localOffset = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    if (compressed === 0xffffffff || inflated === 0xffffffff || localOffset === 0xffffffff) return tooBig(limits);
    if (method !== 0 && method !== 8) return DAMAGED; // xlsx uses stored or deflated entries only
    total += inflated;
    if (total > limits.maxInflatedBytes) return tooBig(limits);
    entries.push({ name, method, compressed, inflated, localOffset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** Counts `<row ` / `<row>` (any namespace prefix) across chunk boundaries. */
class RowCounter {
  rows = 0;
  private tail = '';
  feed(chunk: Buffer): void {
    const text = this.tail + chunk.toString('latin1');
    const re = /<(?:[A-Za-z_][\w.-]*:)?row[\s>/]/g;
    let last = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      this.rows++;
      last = m.index + m[0].length;
    }
    this.tail = text.slice(Math.max(last, text.length - 16));
  }
}

/** Inflates one entry, counting and dropping the output; rejects past `budget` bytes or the row cap. */
function inflateCounted(data: Buffer, budget: number, rows: RowCounter | null, maxRows: number): Promise<number | 'big' | 'rows' | 'bad'> {
  return new Promise((resolve) => {
    let seen = 0;
    let done = false;
    const inflate = createInflateRaw();
    const finish = (r: number | 'big' | 'rows' | 'bad') => {
      if (done) return;
      done = true;
      inflate.destroy();
      resolve(r);
    };
    inflate.on('data', (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > budget) return finish('big');
      if (rows) {
        rows.feed(chunk);
        if (rows.rows > maxRows) finish('rows');
      }
    });
    inflate.on('error', () => finish('bad'));
    inflate.on('end', () => finish(seen));
    inflate.end(data);
  });
}

const isWorksheet = (name: string) => /^xl\/worksheets\/[^/]+\.xml$/i.test(name);

const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
const isZip = (buf: Buffer) => buf.length >= 22 && buf[0] === 0x50 && buf[1] === 0x4b;

/**
 * Step 1 alone: the central directory's declared sizes, without inflating anything. Cheap enough for the
 * main thread, so an honest zip bomb is refused before a worker is even started.
 */
export function checkDeclaredSizes(bytes: Uint8Array, limits: GuardLimits = DEFAULT_GUARD_LIMITS): GuardResult {
  const buf = asBuffer(bytes);
  if (!isZip(buf)) return { ok: true }; // not a zip: the loader says what it is
  const entries = centralDirectory(buf, limits);
  return typeof entries === 'string' ? { ok: false, message: entries } : { ok: true };
}

/** Both steps: declared sizes, then every entry inflated as a counted stream (in the worker). */
export async function guardXlsx(bytes: Uint8Array, limits: GuardLimits = DEFAULT_GUARD_LIMITS): Promise<GuardResult> {
  const buf = asBuffer(bytes);
  if (!isZip(buf)) return { ok: true };
  const entries = centralDirectory(buf, limits);
  if (typeof entries === 'string') return { ok: false, message: entries };
  let total = 0;
  for (const e of entries) {
    const p = e.localOffset;
    if (p + 30 > buf.length || buf.readUInt32LE(p) !== LOC_SIG) return { ok: false, message: DAMAGED };
    const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
    if (start + e.compressed > buf.length) return { ok: false, message: DAMAGED };
    const data = buf.subarray(start, start + e.compressed);
    const rows = isWorksheet(e.name) ? new RowCounter() : null;
    // Never more than declared (a lying header), never past what is left of the total.
    const budget = Math.min(e.inflated, limits.maxInflatedBytes - total);
    let size: number;
    if (e.method === 0) {
      size = data.length;
      if (size > budget) return { ok: false, message: tooBig(limits) };
      rows?.feed(data);
      if (rows && rows.rows > limits.maxRows) return { ok: false, message: tooManyRows(limits) };
    } else {
      const r = await inflateCounted(data, budget, rows, limits.maxRows);
      if (r === 'bad') return { ok: false, message: DAMAGED };
      if (r === 'rows') return { ok: false, message: tooManyRows(limits) };
      if (r === 'big') return { ok: false, message: e.inflated > budget ? tooBig(limits) : DAMAGED };
      size = r;
    }
    total += size;
  }
  return { ok: true };
}
