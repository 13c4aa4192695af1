// @vitest-environment jsdom
/**
 * Issue 8 defect 2, pane side: while writes to Excel keep failing the binder retries them and reports an
 * Italian `problem`; the pane must show it (and clear it once the write went through), not stay silent.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import * as Y from 'yjs';
import { addRow } from '@piao/shared/doc/rows';
import type { SheetId } from '@piao/shared/schema/types';
import { MemoryHost } from '../excel/memory-host';
import { WRITE_RETRY_MESSAGE } from '../excel/sheet-binding';
import type { HostRow } from '../excel/sheet-host';
import { BindingControls } from './BindingControls';
import { useSheetBinding } from './useSheetBinding';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
// Fluent's MessageBar measures itself; jsdom has no ResizeObserver.
globalThis.ResizeObserver ??= class {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
} as unknown as typeof ResizeObserver;
afterEach(cleanup);

/** A host whose first reads fail, as Excel.run does when a request is refused. */
class FlakyHost extends MemoryHost {
  failures: number;
  constructor(failures: number) {
    super();
    this.failures = failures;
  }
  override async readRows(sheet: SheetId): Promise<HostRow[]> {
    if (this.failures > 0) {
      this.failures--;
      throw new Error('GeneralException');
    }
    return super.readRows(sheet);
  }
}

function Pane({ doc, host }: { doc: Y.Doc; host: MemoryHost }) {
  const bound = useSheetBinding({
    mode: 'excel',
    active: true,
    doc,
    room: 'r',
    sheets: ['obiettivi'],
    readOnly: false,
    settings: { regime: 'ordinario' } as never,
    issues: [],
    onSelection: () => undefined,
    createHost: () => host,
  });
  return <BindingControls mode="excel" excelActive bound={bound} onOpen={() => undefined} />;
}

describe('binding messages in the pane', () => {
  it('shows a write that keeps failing while it is retried, and clears it once written', async () => {
    const doc = new Y.Doc();
    addRow(doc, 'obiettivi', { codice: 'LLPP-01' }, 'test');
    render(
      <FluentProvider theme={webLightTheme}>
        <Pane doc={doc} host={new FlakyHost(1)} />
      </FluentProvider>,
    );
    const problem = await screen.findByTestId('binding-problem', undefined, { timeout: 3000 });
    expect(problem.textContent).toBe(WRITE_RETRY_MESSAGE);
    await waitFor(() => expect(screen.queryByTestId('binding-problem')).toBeNull(), { timeout: 5000 });
    expect(await screen.findByText('Fogli collegati: le modifiche in Excel sono condivise.', undefined, { timeout: 5000 })).toBeTruthy();
  });
});
