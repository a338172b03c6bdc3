import { useEffect, useRef, useState } from 'react';

/**
 * A number that rolls from its previous value to the new one (ease-out over `durationMs`),
 * the way a festival's GMV counter ticks up. One requestAnimationFrame loop at a time,
 * cancelled on change and on unmount.
 */
export function RollingNumber({
  value,
  format,
  durationMs = 900,
  testId,
  className,
}: {
  value: number;
  format: (n: number) => string;
  durationMs?: number;
  testId?: string;
  className?: string;
}) {
  const [shown, setShown] = useState(value);
  const shownRef = useRef(value);

  useEffect(() => {
    const from = shownRef.current;
    if (from === value) return;
    const start = performance.now();
    let frame = 0;
    const step = (now: number) => {
      const k = Math.min(1, (now - start) / durationMs);
      const eased = 1 - (1 - k) ** 3;
      const next = k >= 1 ? value : Math.round(from + (value - from) * eased);
      shownRef.current = next;
      setShown(next);
      if (k < 1) frame = requestAnimationFrame(step);
    };
    frame = requestAnimationFrame(step);
    return () => cancelAnimationFrame(frame);
  }, [value, durationMs]);

  return (
    <span className={className} data-testid={testId} data-value={value}>
      {format(shown)}
    </span>
  );
}
