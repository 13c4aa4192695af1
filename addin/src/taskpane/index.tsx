import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { createRoot } from 'react-dom/client';
import { pickLocale, uiLanguage } from '../i18n';
import { App } from './App';
import { I18nProvider } from './i18n-context';

/** Office.onReady, bounded: if office.js failed to load or never answers, the pane runs in browser mode. */
async function officeHost(): Promise<{ inExcel: boolean; displayLanguage: string | null }> {
  if (typeof Office === 'undefined' || typeof Office.onReady !== 'function') return { inExcel: false, displayLanguage: null };
  const info = await Promise.race([Office.onReady(), new Promise<null>((r) => setTimeout(() => r(null), 5000))]);
  const inExcel = !!info && info.host === Office.HostType.Excel;
  let displayLanguage: string | null = null;
  try {
    displayLanguage = inExcel ? Office.context.displayLanguage : null;
  } catch {
    displayLanguage = null;
  }
  return { inExcel, displayLanguage };
}

async function main(): Promise<void> {
  const { inExcel, displayLanguage } = await officeHost();
  const locale = pickLocale(uiLanguage(displayLanguage, navigator.language));
  document.documentElement.lang = locale;
  const root = document.getElementById('root');
  if (!root) throw new Error('#root mancante in index.html');
  createRoot(root).render(
    <FluentProvider theme={webLightTheme} style={{ minHeight: '100%' }}>
      <I18nProvider locale={locale}>
        <App mode={inExcel ? 'excel' : 'browser'} />
      </I18nProvider>
    </FluentProvider>,
  );
}

void main();
