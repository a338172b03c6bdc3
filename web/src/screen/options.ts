/**
 * ECharts options of the big screen, built from one body. Pure functions: the page memoizes
 * them per body, and each array they return has a bounded length (a window or a top-N).
 */
import type { EChartsCoreOption } from 'echarts/core';
import { provinceName } from '../app/provinces';
import { CHINA_MAP } from './echarts';
import { MAX_ROWS, moneyShort, perSecondWindow, type ScreenBody } from './model';

type Locale = 'zh-CN' | 'en-US';
const TEXT = '#c8d6f0';
const AXIS = '#2b3d63';
const PALETTE = ['#36cfc9', '#4096ff', '#9254de', '#f759ab', '#ffc53d', '#73d13d', '#ff7a45', '#597ef7'];

export function ordersPerSecondOption(body: ScreenBody, locale: Locale): EChartsCoreOption {
  const points = perSecondWindow(body.perSecond, Date.parse(body.asOf));
  const label = (t: number) => new Date(t).toTimeString().slice(0, 8);
  return {
    animation: false,
    grid: { left: 50, right: 16, top: 20, bottom: 28 },
    tooltip: { trigger: 'axis' },
    xAxis: {
      type: 'category',
      data: points.map((p) => label(p.t)),
      axisLabel: { color: TEXT, interval: 59 },
      axisLine: { lineStyle: { color: AXIS } },
    },
    yAxis: {
      type: 'value',
      minInterval: 1,
      axisLabel: { color: TEXT },
      splitLine: { lineStyle: { color: AXIS } },
    },
    series: [
      {
        id: 'orders',
        type: 'line',
        name: locale === 'zh-CN' ? '订单' : 'Orders',
        data: points.map((p) => p.orders),
        showSymbol: false,
        smooth: true,
        lineStyle: { color: '#36cfc9', width: 2 },
        areaStyle: { color: 'rgba(54,207,201,0.18)' },
      },
    ],
  };
}

export function provinceMapOption(body: ScreenBody, locale: Locale): EChartsCoreOption {
  const data = body.byProvince.map((p) => ({ name: p.province, value: p.gmvFen, orders: p.orders }));
  const max = Math.max(1, ...data.map((d) => d.value));
  return {
    tooltip: {
      trigger: 'item',
      formatter: (p: { name: string; value?: number }) =>
        `${provinceName(p.name, locale)}<br/>${moneyShort(Number.isFinite(p.value) ? (p.value as number) : 0, locale)}`,
    },
    visualMap: {
      min: 0,
      max,
      left: 20,
      bottom: 20,
      calculable: false,
      text: [moneyShort(max, locale), '0'],
      textStyle: { color: TEXT },
      inRange: { color: ['#10254a', '#1668dc', '#36cfc9', '#ffd666'] },
    },
    series: [
      {
        id: 'provinces',
        type: 'map',
        map: CHINA_MAP,
        roam: false,
        zoom: 1.2,
        top: 60,
        label: { show: false },
        itemStyle: { areaColor: '#0d1d3a', borderColor: '#2f5fa8' },
        emphasis: { label: { show: true, color: '#fff' }, itemStyle: { areaColor: '#ffc53d' } },
        data,
      },
    ],
  };
}

export function categoryOption(
  body: ScreenBody,
  nameOf: (code: string) => string,
  locale: Locale,
): EChartsCoreOption {
  const sorted = [...body.byCategory].sort((a, b) => b.gmvFen - a.gmvFen);
  const head = sorted.slice(0, 7).map((c) => ({ name: nameOf(c.code), value: c.gmvFen }));
  const rest = sorted.slice(7).reduce((s, c) => s + c.gmvFen, 0);
  if (rest > 0) head.push({ name: locale === 'zh-CN' ? '其他' : 'Other', value: rest });
  return {
    color: PALETTE,
    tooltip: {
      trigger: 'item',
      formatter: (p: { name: string; value: number; percent: number }) =>
        `${p.name}<br/>${moneyShort(p.value, locale)} (${p.percent}%)`,
    },
    legend: { orient: 'vertical', right: 10, top: 'middle', textStyle: { color: TEXT, fontSize: 16 } },
    series: [
      {
        id: 'categories',
        type: 'pie',
        radius: ['42%', '72%'],
        center: ['36%', '52%'],
        label: { show: false },
        itemStyle: { borderColor: '#07142b', borderWidth: 2 },
        data: head,
      },
    ],
  };
}

export function rankingOption(
  rows: { name: string; value: number }[],
  locale: Locale,
  color: string,
): EChartsCoreOption {
  const top = rows.slice(0, MAX_ROWS).reverse();
  return {
    animationDurationUpdate: 600,
    grid: { left: 150, right: 90, top: 8, bottom: 8 },
    xAxis: { type: 'value', show: false },
    yAxis: {
      type: 'category',
      data: top.map((r) => r.name),
      axisLabel: { color: TEXT, fontSize: 15, width: 140, overflow: 'truncate' },
      axisLine: { show: false },
      axisTick: { show: false },
    },
    series: [
      {
        id: 'rank',
        type: 'bar',
        data: top.map((r) => r.value),
        barWidth: 14,
        itemStyle: { color, borderRadius: 7 },
        label: {
          show: true,
          position: 'right',
          color: TEXT,
          formatter: (p: { value: number }) => moneyShort(p.value, locale),
        },
      },
    ],
  };
}
