import { Typography } from 'antd';

/** Refusals by reason as horizontal bars, largest first (a chart library would be heavier than this). */
export function RefusedBars({
  refused,
  label,
  empty,
  testId,
}: {
  refused: Record<string, number>;
  label(code: string): string;
  empty: string;
  testId: string;
}) {
  // Codes without words of their own share the "other" bar rather than showing a raw code.
  const byLabel = new Map<string, number>();
  for (const [code, n] of Object.entries(refused)) {
    if (n > 0) byLabel.set(label(code), (byLabel.get(label(code)) ?? 0) + n);
  }
  const rows = [...byLabel].sort((a, b) => b[1] - a[1]);
  if (rows.length === 0) return <Typography.Text type="secondary">{empty}</Typography.Text>;
  const max = rows[0]![1];
  return (
    <div className="flash-bars" data-testid={testId}>
      {rows.map(([name, n]) => (
        <div className="flash-bar-row" key={name} data-testid="flash-refused-row">
          <span className="flash-bar-label">{name}</span>
          <span className="flash-bar-track">
            <span className="flash-bar-fill" style={{ width: `${Math.max(2, (n / max) * 100)}%` }} />
          </span>
          <span className="flash-bar-value num">{n.toLocaleString('en-US')}</span>
        </div>
      ))}
    </div>
  );
}
