/**
 * Issue 14 item 6, through the real server: imports that must not sink it. A zip bomb (small file,
 * hundreds of MB inflated; declared honestly or with lying sizes) and a sheet with more rows than any
 * sector has are refused fast with a clear Italian message, with nothing stored; /healthz keeps
 * answering while an import is parsed (worker thread); a third simultaneous import of one sector gets
 * 429 with Retry-After.
 */
import { once } from 'node:events';
import { createDeflateRaw, crc32 } from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSheet, readSheet } from '@piao/shared';
import { DEMO_PLAN } from '@piao/shared/demo/index';
import { ensureDemo } from '../../sync-server/src/bootstrap/demo';
import { makeDataDir, room as roomOf, startTestServer, storedBytes, type TestServer } from '../support/server-harness';

const { ente, triennio } = DEMO_PLAN;
const PLAN = `/api/plans/${ente}/${triennio}`;
const SECTOR = 'lavori-pubblici';
const LLPP = roomOf(SECTOR, ente, triennio);

let t: TestServer;
let editor: string;

beforeAll(async () => {
  const dataDir = await makeDataDir();
  await ensureDemo(dataDir);
  t = await startTestServer({ dataDir });
  editor = await t.token({ role: 'editor', sub: 'paolo.ferrari', sectors: [SECTOR] });
});
afterAll(async () => {
  await t?.stop();
});

async function upload(bytes: Uint8Array | ArrayBuffer) {
  const res = await fetch(`${t.server.url}${PLAN}/sectors/${SECTOR}/import`, { method: 'POST', body: bytes as ArrayBuffer, headers: { authorization: `Bearer ${editor}` } });
  return { status: res.status, headers: res.headers, body: (await res.json()) as { error?: string; applied?: { added: number } } };
}

/** Deflates `size` bytes of one repeated byte, 1 MiB at a time (never holding the inflated data). */
async function deflateRepeated(size: number): Promise<{ data: Buffer; crc: number }> {
  const z = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  z.on('data', (c: Buffer) => out.push(c));
  const chunk = Buffer.alloc(1024 * 1024, 0x20);
  let crc = 0;
  for (let left = size; left > 0; left -= chunk.length) {
    const part = left >= chunk.length ? chunk : chunk.subarray(0, left);
    crc = crc32(part, crc);
    if (!z.write(part)) await once(z, 'drain');
  }
  z.end();
  await once(z, 'end');
  return { data: Buffer.concat(out), crc };
}

/** A ZIP archive written by hand (APPNOTE 6.3: local headers, central directory, end record). */
function zip(entries: Array<{ name: string; data: Buffer; crc: number; size: number; method: 0 | 8 }>): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(e.method, 8);
    lh.writeUInt32LE(e.crc >>> 0, 14);
    lh.writeUInt32LE(e.data.length, 18);
    lh.writeUInt32LE(e.size, 22);
    lh.writeUInt16LE(name.length, 26);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(20, 4);
    ch.writeUInt16LE(20, 6);
    ch.writeUInt16LE(e.method, 10);
    ch.writeUInt32LE(e.crc >>> 0, 16);
    ch.writeUInt32LE(e.data.length, 20);
    ch.writeUInt32LE(e.size, 24);
    ch.writeUInt16LE(name.length, 28);
    ch.writeUInt32LE(offset, 42);
    locals.push(lh, name, e.data);
    central.push(ch, name);
    offset += 30 + name.length + e.data.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const stored = (name: string, text: string) => {
  const data = Buffer.from(text);
  return { name, data, crc: crc32(data), size: data.length, method: 0 as const };
};
const CONTENT_TYPES = stored('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>');

async function sectorRows() {
  const doc = await t.server.ctx.rooms.getDoc(LLPP);
  return JSON.stringify(['obiettivi', 'processi', 'misure'].map((s) => readSheet(doc, s as 'processi')));
}

describe('imports that must not sink the server', () => {
  it('a zip bomb (1 MiB inflating to 400 MiB) is refused in well under a second, from its central directory', async () => {
    const bomb = await deflateRepeated(400 * 1024 * 1024);
    const file = zip([CONTENT_TYPES, { name: 'xl/worksheets/sheet1.xml', data: bomb.data, crc: bomb.crc, size: 400 * 1024 * 1024, method: 8 }]);
    expect(file.length).toBeLessThan(2 * 1024 * 1024);
    const before = await storedBytes(t.server);
    const rows = await sectorRows();
    const t0 = performance.now();
    const res = await upload(file);
    const ms = performance.now() - t0;
    expect(res.status).toBe(422);
    expect(res.body.error).toMatch(/una volta decompresso, supera 64 MB/);
    expect(ms).toBeLessThan(1000);
    console.log(`zip bomb refused in ${Math.round(ms)} ms`);
    expect(await storedBytes(t.server)).toEqual(before);
    expect(await sectorRows()).toBe(rows);
  }, 60_000);

  it('a zip bomb that lies about its sizes is stopped at the first byte past what it declared', async () => {
    const bomb = await deflateRepeated(200 * 1024 * 1024);
    const file = zip([CONTENT_TYPES, { name: 'xl/worksheets/sheet1.xml', data: bomb.data, crc: bomb.crc, size: 4096, method: 8 }]);
    const before = await storedBytes(t.server);
    const t0 = performance.now();
    const res = await upload(file);
    expect(res.status).toBe(422);
    expect(res.body.error).toMatch(/danneggiato/);
    expect(performance.now() - t0).toBeLessThan(3000);
    expect(await storedBytes(t.server)).toEqual(before);
  }, 60_000);

  it('a sheet with more rows than the cap (25,000 > 20,000) is refused with a clear message, nothing stored', async () => {
    const rowsXml: string[] = [];
    for (let r = 1; r <= 25_000; r++) rowsXml.push(`<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>x${r}</t></is></c></row>`);
    const sheet = stored('xl/worksheets/sheet1.xml', `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rowsXml.join('')}</sheetData></worksheet>`);
    const before = await storedBytes(t.server);
    const res = await upload(zip([CONTENT_TYPES, sheet]));
    expect(res.status).toBe(422);
    expect(res.body.error).toMatch(/più di 20\.000 righe/);
    expect(await storedBytes(t.server)).toEqual(before);
  });

  it('a real template with 20,500 rows in one sheet is refused the same way', async () => {
    const res0 = await fetch(`${t.server.url}${PLAN}/sectors/${SECTOR}/template.xlsx`, { headers: { authorization: `Bearer ${editor}` } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res0.arrayBuffer());
    const ws = wb.getWorksheet(getSheet('processi').title)!;
    const start = ws.actualRowCount + 1;
    for (let i = 0; i < 20_500; i++) ws.getRow(start + i).values = [null, null, `BIG-${i}`, 'Contratti pubblici', `Processo ${i}`, 'Andrea Bianchi'];
    const before = await storedBytes(t.server);
    const res = await upload((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    expect(res.status).toBe(422);
    expect(res.body.error).toMatch(/più di 20\.000 righe/);
    expect(await storedBytes(t.server)).toEqual(before);
  }, 120_000);

  it('/healthz keeps answering while an import is parsed, and a third import of the same sector at once gets 429 with Retry-After', async () => {
    const res0 = await fetch(`${t.server.url}${PLAN}/sectors/${SECTOR}/template.xlsx`, { headers: { authorization: `Bearer ${editor}` } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res0.arrayBuffer());
    const ws = wb.getWorksheet(getSheet('processi').title)!;
    const header = ws.getRow(1).values as unknown[];
    const at = (label: string) => header.indexOf(label);
    const start = ws.actualRowCount + 1;
    for (let i = 0; i < 5_000; i++) {
      const row = ws.getRow(start + i);
      row.getCell(at('Codice')).value = `HZ-${i}`;
      row.getCell(at('Area di rischio')).value = 'Contratti pubblici';
      row.getCell(at('Processo')).value = `Processo ${i}`;
      row.getCell(at('Responsabile')).value = 'Andrea Bianchi';
    }
    const bytes = (await wb.xlsx.writeBuffer()) as ArrayBuffer;

    let importing = true;
    const latencies: number[] = [];
    const probe = (async () => {
      while (importing) {
        const t0 = performance.now();
        const h = await fetch(`${t.server.url}/healthz`);
        expect(h.status).toBe(200);
        await h.arrayBuffer();
        latencies.push(performance.now() - t0);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const results = await Promise.all([upload(bytes), upload(bytes), upload(bytes)]);
    importing = false;
    await probe;

    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 429]);
    const busy = results.find((r) => r.status === 429)!;
    expect(busy.headers.get('retry-after')).toBe('5');
    expect(busy.body.error).toMatch(/già in corso un'importazione in questo settore/);
    // Rows once, whatever the order.
    expect(results.reduce((n, r) => n + (r.body.applied?.added ?? 0), 0)).toBe(5_000);
    latencies.sort((a, b) => a - b);
    const p50 = latencies[Math.floor(latencies.length / 2)]!;
    console.log(`healthz during import: ${latencies.length} probes, p50 ${Math.round(p50)} ms, max ${Math.round(latencies.at(-1)!)} ms`);
    expect(latencies.length).toBeGreaterThan(5);
    expect(p50).toBeLessThan(250);
  }, 120_000);
});
