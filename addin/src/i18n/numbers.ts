/** Numbers the Italian way, for what the pane shows (the document keeps plain numbers). */

/** Groups the digits of a whole number by thousands with dots (`32.768`). */
export const groupThousands = (digits: string): string => digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');

/** Money as Italians read it: `1.234,50 €` (Intl's it-IT leaves 4-digit amounts ungrouped). */
export function formatMoney(n: number): string {
  const [int, dec] = Math.abs(n).toFixed(2).split('.');
  return `${n < 0 ? '-' : ''}${groupThousands(int ?? '0')},${dec ?? '00'} €`;
}
