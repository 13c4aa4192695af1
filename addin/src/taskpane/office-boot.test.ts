import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { bootOffice, looksHosted, type HostSignals, type OfficeBootApi } from './office-boot';

const none: HostSignals = { search: '', windowName: '', sessionHostInfo: null, externalHostInfo: false };

/** An Office global whose onReady answers when the test says (Office.onReady: learn.microsoft.com/javascript/api/office#office-office-onready-function(1)). */
function office(): OfficeBootApi & { answer: (host: string | null) => void } {
  let resolve: (v: { host: unknown; platform: unknown }) => void = () => undefined;
  const ready = new Promise<{ host: unknown; platform: unknown }>((r) => (resolve = r));
  return {
    onReady: () => ready,
    HostType: { Excel: 'Excel' },
    context: { displayLanguage: 'it-IT' },
    answer: (host) => resolve({ host, platform: host ? 'PC' : null }),
  };
}

describe('is the page hosted by Office? (the signals office.js reads)', () => {
  it('reads the _host_Info query parameter, window.name, session storage and window.external', () => {
    expect(looksHosted(none)).toBe(false);
    expect(looksHosted({ ...none, search: '?_host_Info=Excel$Win32$16.01$it-IT$$$$0' })).toBe(true);
    expect(looksHosted({ ...none, search: '?token=abc' })).toBe(false);
    expect(looksHosted({ ...none, windowName: JSON.stringify({ hostInfo: 'Excel|Web|16.00|it-IT' }) })).toBe(true);
    expect(looksHosted({ ...none, windowName: 'not json' })).toBe(false);
    expect(looksHosted({ ...none, sessionHostInfo: 'Excel$Mac$16.00' })).toBe(true);
    expect(looksHosted({ ...none, externalHostInfo: true })).toBe(true);
  });
});

describe('start-up', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  // Regression, issue 8 defect 14: the pane raced onReady against 5 s whatever the page, and in a slow
  // Excel it started in browser mode, where nothing is bound to the workbook.
  it('inside Excel, a slow onReady is waited for (progress shown), never browser mode', async () => {
    const o = office();
    const onSlow = vi.fn();
    let result: unknown = null;
    void bootOffice({ office: o, hosted: true, onSlow }).then((r) => (result = r));
    await vi.advanceTimersByTimeAsync(30_000);
    expect(result).toBeNull();
    expect(onSlow).toHaveBeenCalledTimes(1);
    o.answer('Excel');
    await vi.advanceTimersByTimeAsync(0);
    expect(result).toEqual({ kind: 'excel', displayLanguage: 'it-IT' });
  });

  it('in a browser, a stuck onReady starts browser mode after 5 s', async () => {
    let result: unknown = null;
    void bootOffice({ office: office(), hosted: false }).then((r) => (result = r));
    await vi.advanceTimersByTimeAsync(4_900);
    expect(result).toBeNull();
    await vi.advanceTimersByTimeAsync(200);
    expect(result).toEqual({ kind: 'browser' });
  });

  it('in a browser, onReady with no host is browser mode at once', async () => {
    const o = office();
    const p = bootOffice({ office: o, hosted: false });
    o.answer(null);
    await expect(p).resolves.toEqual({ kind: 'browser' });
  });

  it('office.js missing: browser mode in a browser, an error inside Office', async () => {
    await expect(bootOffice({ office: undefined, hosted: false })).resolves.toEqual({ kind: 'browser' });
    await expect(bootOffice({ office: undefined, hosted: true })).resolves.toEqual({ kind: 'office-missing' });
  });
});
