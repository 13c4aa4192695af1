import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EXCEL_API_MIN } from '../addin/src/excel/requirements';

/**
 * The add-in manifest, validated offline against Microsoft's XSDs (office-addin-manifest validate
 * needs a Microsoft web service). The schemas live beside the repository in `../shared/`.
 */
const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const manifestPath = join(repo, 'manifest.xml');
const xsd = resolve(repo, '..', 'shared', 'office-manifest-xsd', 'validate-manifest.xsd');
const manifest = readFileSync(manifestPath, 'utf8');

function validate(xml: string): { status: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'piao-manifest-'));
  const file = join(dir, 'manifest.xml');
  writeFileSync(file, xml);
  const r = spawnSync('xmllint', ['--noout', '--nonet', '--schema', xsd, file], { encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

function pngSize(file: string): { width: number; height: number } {
  const b = readFileSync(file);
  expect(b.subarray(1, 4).toString('ascii')).toBe('PNG');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

describe('manifest.xml', () => {
  it('has the schemas and xmllint available', () => {
    expect(existsSync(xsd)).toBe(true);
    expect(() => execFileSync('xmllint', ['--version'], { stdio: 'pipe' })).not.toThrow();
  });

  it('validates against the Office add-in XSDs', () => {
    const r = validate(manifest);
    expect(r.output).toContain('validates');
    expect(r.status).toBe(0);
  });

  it.each([
    ['an element the schema does not know', manifest.replace('<Permissions>', '<Colore>blu</Colore><Permissions>')],
    ['the mandatory Id missing', manifest.replace(/<Id>[^<]*<\/Id>/, '')],
    ['elements out of order', manifest.replace(/(<DefaultLocale>[^<]*<\/DefaultLocale>)/, '').replace('<Hosts>', '<DefaultLocale>it-IT</DefaultLocale><Hosts>')],
    ['a requirement set without a name', manifest.replace('<Set Name="ExcelApi" MinVersion', '<Set MinVersion')],
    ['a ribbon button without its action', manifest.replace(/<Action xsi:type="ShowTaskpane">[\s\S]*?<\/Action>/, '')],
    ['an unknown permission', manifest.replace('ReadWriteDocument', 'WriteEverything')],
  ])('rejects a copy with %s', (_why, broken) => {
    expect(broken).not.toBe(manifest);
    const r = validate(broken);
    expect(r.output).toContain('fails to validate');
    expect(r.status).toBe(3);
  });

  it('rejects a copy that is not well-formed XML', () => {
    const r = validate(manifest.replace('</OfficeApp>', ''));
    expect(r.status).not.toBe(0);
    expect(r.output).not.toContain('validates');
  });

  it('is an Excel task pane with a Home tab button, Italian by default', () => {
    expect(manifest).toMatch(/xsi:type="TaskPaneApp"/);
    expect(manifest).toMatch(/<Host Name="Workbook"\/>/);
    expect(manifest).toMatch(/<Host xsi:type="Workbook">/);
    expect(manifest).toMatch(/<DefaultLocale>it-IT<\/DefaultLocale>/);
    expect(manifest).toMatch(/<OfficeTab id="TabHome">/);
    expect(manifest).toMatch(/<Action xsi:type="ShowTaskpane">/);
  });

  // Issue 8 defect 5: the manifest admitted ExcelApi 1.7 hosts (Office 2019 volume licence, Trident),
  // which cannot run the binding or the bundle. It must declare exactly what the runtime check demands.
  it('declares the ExcelApi minimum the runtime check enforces', () => {
    const set = /<Set Name="ExcelApi" MinVersion="([\d.]+)"\/>/.exec(manifest);
    expect(set?.[1]).toBe(EXCEL_API_MIN);
  });

  // "Automatically open a task pane with a document" (learn.microsoft.com/office/dev/add-ins/develop/
  // automatically-open-a-task-pane-with-a-document): the task pane that opens with a tagged document is
  // the ShowTaskpane action whose TaskpaneId is Office.AutoShowTaskpaneWithDocument.
  it('opens its task pane with a workbook tagged by the pane (Office.AutoShowTaskpaneWithDocument)', () => {
    const ids = [...manifest.matchAll(/<Action xsi:type="ShowTaskpane">\s*<TaskpaneId>([^<]+)<\/TaskpaneId>/g)].map((m) => m[1]);
    expect(ids).toEqual(['Office.AutoShowTaskpaneWithDocument']);
  });

  it('points only to HTTPS URLs of one origin', () => {
    const urls = [...manifest.matchAll(/(?:DefaultValue|Value)="(https?:\/\/[^"]+)"/g)].map((m) => m[1]!);
    expect(urls.length).toBeGreaterThan(5);
    for (const u of urls) expect(u.startsWith('https://localhost:3000/')).toBe(true);
  });

  it('references icons that exist in the built assets at their declared sizes', () => {
    const icons = [...manifest.matchAll(/https:\/\/localhost:3000\/assets\/(icon-(\d+)\.png)/g)];
    expect(new Set(icons.map((m) => m[1])).size).toBe(4);
    for (const [, file, size] of icons) {
      const path = join(repo, 'addin', 'public', 'assets', file!);
      expect(existsSync(path)).toBe(true);
      expect(pngSize(path)).toEqual({ width: Number(size), height: Number(size) });
    }
  });
});
