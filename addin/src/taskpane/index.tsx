import { FluentProvider, MessageBar, MessageBarBody, Spinner, webLightTheme } from '@fluentui/react-components';
import { createRoot, type Root } from 'react-dom/client';
import type { ReactNode } from 'react';
import { pickLocale, uiLanguage, type Locale } from '../i18n';
import { App } from './App';
import { I18nProvider, useI18n } from './i18n-context';
import { bootOffice, looksHosted, readHostSignals, type OfficeBootApi } from './office-boot';

function render(root: Root, locale: Locale, children: ReactNode): void {
  root.render(
    <FluentProvider theme={webLightTheme} style={{ minHeight: '100%' }}>
      <I18nProvider locale={locale}>{children}</I18nProvider>
    </FluentProvider>,
  );
}

/** Shown while Office is slow to answer, or when office.js never loaded inside Office. */
function Boot({ state }: { state: 'waiting' | 'office-missing' }) {
  const { t } = useI18n();
  return (
    <div style={{ padding: 12 }}>
      {state === 'waiting' ? (
        <Spinner size="small" label={t('boot.waitExcel')} data-testid="boot-wait-excel" />
      ) : (
        <MessageBar intent="error" data-testid="boot-office-missing">
          <MessageBarBody>{t('boot.officeMissing')}</MessageBarBody>
        </MessageBar>
      )}
    </div>
  );
}

async function main(): Promise<void> {
  const el = document.getElementById('root');
  if (!el) throw new Error('#root mancante in index.html');
  const root = createRoot(el);
  const browserLocale = pickLocale(uiLanguage(null, navigator.language));
  const office = typeof Office === 'undefined' ? undefined : (Office as unknown as OfficeBootApi);
  const boot = await bootOffice({
    office,
    hosted: looksHosted(readHostSignals(window)),
    onSlow: () => render(root, browserLocale, <Boot state="waiting" />),
  });
  if (boot.kind === 'office-missing') return render(root, browserLocale, <Boot state="office-missing" />);
  const locale = pickLocale(uiLanguage(boot.kind === 'excel' ? boot.displayLanguage : null, navigator.language));
  document.documentElement.lang = locale;
  render(root, locale, <App mode={boot.kind === 'excel' ? 'excel' : 'browser'} />);
}

void main();
