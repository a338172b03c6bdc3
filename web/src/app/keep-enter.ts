/**
 * A form's onKeyDown: Enter inside a date picker confirms the date and stops there; it must not
 * also submit the whole form (the browser's implicit submission), as it did on the campaign form.
 */
export function keepEnterInDates(e: {
  key: string;
  target: EventTarget | null;
  preventDefault(): void;
}): void {
  if (e.key !== 'Enter') return;
  const target = e.target as { closest?: (selector: string) => unknown } | null;
  if (target?.closest?.('.ant-picker')) e.preventDefault();
}
