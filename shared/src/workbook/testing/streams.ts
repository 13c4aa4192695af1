import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';

/** Runs a writer against an in-memory stream and returns the bytes it produced. */
export async function collect(write: (out: PassThrough) => Promise<void>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await write(out);
  return Buffer.concat(chunks);
}

/** Reads .xlsx bytes back with exceljs (the whole workbook, data validations included). */
export async function readBack(bytes: Buffer | Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  return wb;
}

/** Writes an exceljs workbook to .xlsx bytes (a user's edited file). */
export async function toBytes(wb: ExcelJS.Workbook): Promise<Uint8Array> {
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** The data validation rules of a worksheet, per address (exceljs expands ranges cell by cell). */
export function validations(ws: ExcelJS.Worksheet): Record<string, ExcelJS.DataValidation> {
  return (ws as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation> } }).dataValidations.model;
}
