/** The last minute of a number as a small SVG line (requests/s); nothing until two samples exist. */
export function Sparkline({
  values,
  width = 240,
  height = 36,
}: {
  values: number[];
  width?: number;
  height?: number;
}) {
  if (values.length < 2) return <div style={{ height }} />;
  const max = Math.max(1, ...values);
  const step = width / (values.length - 1);
  const points = values.map(
    (v, i) => `${(i * step).toFixed(1)},${(height - (v / max) * (height - 2) - 1).toFixed(1)}`,
  );
  return (
    <svg
      width="100%"
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      preserveAspectRatio="none"
      aria-hidden
    >
      <polyline points={points.join(' ')} fill="none" stroke="#ff4d4f" strokeWidth="1.5" />
    </svg>
  );
}
