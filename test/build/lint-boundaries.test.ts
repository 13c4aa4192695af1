// The import boundaries of eslint.config.js (issue 10 §3) as behaviour: snippets linted as if they were
// files of each package. `lintText` with a `filePath` applies the config blocks matching that path
// (https://eslint.org/docs/latest/integrate/nodejs-api#-eslintlinttextcode-options); the file need not exist.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let eslint: ESLint;

async function rulesHit(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'fatal'}:${m.line}`);
}

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

describe('confini fra i pacchetti (ESLint)', () => {
  const serverAndNode = [
    "import { readFileSync } from 'node:fs';",
    "import { WebSocketServer } from 'ws';",
    "import { openDb } from '../../sync-server/src/storage/sqlite';",
    'export const all = [readFileSync, WebSocketServer, openDb];',
  ].join('\n');

  it('shared/ non importa Node, server né riquadro, e non usa DOM né Office.js', async () => {
    expect(await rulesHit('shared/src/doc/x.ts', serverAndNode)).toEqual([
      '@typescript-eslint/no-restricted-imports:1',
      '@typescript-eslint/no-restricted-imports:2',
      '@typescript-eslint/no-restricted-imports:3',
    ]);
    expect(await rulesHit('shared/src/doc/x.ts', "import { App } from '../../../addin/src/taskpane/App';\nexport const a = App;")).toEqual([
      '@typescript-eslint/no-restricted-imports:1',
    ]);
    expect(await rulesHit('shared/src/doc/x.ts', 'export const f = () => [document.title, Office.context, Buffer.from([])];')).toEqual([
      'no-restricted-globals:1',
      'no-restricted-globals:1',
      'no-restricted-globals:1',
    ]);
  });

  it('i tre scrittori di cartelle in shared/ possono nominare solo il tipo Writable di node:stream', async () => {
    const file = 'shared/src/workbook/stream-book.ts';
    expect(await rulesHit(file, "import type { Writable } from 'node:stream';\nexport type W = Writable;")).toEqual([]);
    expect(await rulesHit(file, "import { PassThrough } from 'node:stream';\nexport const p = PassThrough;")).toEqual([
      '@typescript-eslint/no-restricted-imports:1',
    ]);
    expect(await rulesHit('shared/src/doc/x.ts', "import type { Writable } from 'node:stream';\nexport type W = Writable;")).toEqual([
      '@typescript-eslint/no-restricted-imports:1',
    ]);
  });

  it('addin/ non importa codice del server né Node; i test sì (avviano il server vero)', async () => {
    expect(await rulesHit('addin/src/taskpane/x.ts', serverAndNode)).toEqual([
      '@typescript-eslint/no-restricted-imports:1',
      '@typescript-eslint/no-restricted-imports:2',
      '@typescript-eslint/no-restricted-imports:3',
    ]);
    expect(await rulesHit('addin/src/taskpane/x.test.ts', serverAndNode)).toEqual([]);
  });

  it('le regole degli hook React valgono nel riquadro', async () => {
    const code = [
      "import { useEffect, useState } from 'react';",
      'export function useX(on: boolean, n: number) {',
      '  if (on) useState(0);',
      '  useEffect(() => console.log(n), []);',
      '}',
    ].join('\n');
    expect(await rulesHit('addin/src/taskpane/useX.ts', code)).toEqual(['react-hooks/rules-of-hooks:3', 'react-hooks/exhaustive-deps:4']);
  });
});
