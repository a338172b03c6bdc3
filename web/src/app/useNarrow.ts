import { Grid } from 'antd';

/**
 * Whether the window is phone-sized (under antd's md, 768 px): tables become lists of cards and
 * inputs take their large size, 40 px high, for a thumb (issue 9 item 8).
 */
export function useNarrow(): boolean {
  return !Grid.useBreakpoint().md;
}
