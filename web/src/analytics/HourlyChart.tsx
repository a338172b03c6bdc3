import { useMemo } from 'react';
import { Chart } from '../screen/Chart';
import { moneyShort } from '../screen/model';
import { type HourPoint, hourLabel } from './api';

/** GMV per hour, this edition against the previous one when there is one (aligned by position). */
export function HourlyChart({
  current,
  previous,
  names,
  locale,
}: {
  current: HourPoint[];
  previous?: HourPoint[] | null;
  names: [string, string];
  locale: 'zh-CN' | 'en-US';
}) {
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { data: previous ? names : [names[0]] },
      grid: { left: 60, right: 20, top: 40, bottom: 30 },
      xAxis: { type: 'category', data: current.map((p) => hourLabel(p.hour)) },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => moneyShort(v, locale) } },
      series: [
        { id: 'now', name: names[0], type: 'line', smooth: true, data: current.map((p) => p.gmvFen) },
        ...(previous
          ? [
              {
                id: 'before',
                name: names[1],
                type: 'line',
                smooth: true,
                lineStyle: { type: 'dashed' },
                data: previous.map((p) => p.gmvFen),
              },
            ]
          : []),
      ],
    }),
    [current, previous, names, locale],
  );
  return <Chart option={option} fluid style={{ width: '100%', height: 320 }} testId="hourly-chart" />;
}
