import type { EChartsCoreOption } from 'echarts/core';
import { type CSSProperties, useEffect, useRef } from 'react';
import { type EChartsType, init } from './echarts';

/**
 * One ECharts instance per mounted chart, created once and fed with setOption (merge mode):
 * a screen that runs for hours must not create and drop an instance per update. Disposed on
 * unmount, which also drops its listeners. `resizeKey` re-measures (the analytics pages are
 * fluid; the big screen has a fixed design size and never needs it).
 */
export function Chart({
  option,
  style,
  className,
  testId,
  fluid = false,
}: {
  option: EChartsCoreOption;
  style?: CSSProperties;
  className?: string;
  testId?: string;
  fluid?: boolean;
}) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);

  useEffect(() => {
    if (!el.current) return;
    const instance = init(el.current, undefined, { renderer: 'canvas' });
    chart.current = instance;
    let observer: ResizeObserver | undefined;
    if (fluid && typeof ResizeObserver !== 'undefined') {
      observer = new ResizeObserver(() => instance.resize());
      observer.observe(el.current);
    }
    return () => {
      observer?.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [fluid]);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: false, lazyUpdate: true });
  }, [option]);

  return <div ref={el} className={className} style={style} data-testid={testId} />;
}
