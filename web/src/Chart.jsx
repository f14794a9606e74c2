// Apache ECharts in React: one chart per element, redrawn when the option changes. The SVG
// renderer draws real DOM paths, which the browser tests count, and prints sharply.
import React, { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart, ScatterChart } from 'echarts/charts';
import {
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
} from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([
  BarChart,
  LineChart,
  ScatterChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  TitleComponent,
  DataZoomComponent,
  MarkLineComponent,
  SVGRenderer,
]);

export default function Chart({ option, height = 340, testid }) {
  const el = useRef(null);
  const chart = useRef(null);
  useEffect(() => {
    chart.current = echarts.init(el.current, null, { renderer: 'svg' });
    const resize = () => chart.current && chart.current.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.current.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    if (chart.current && option) chart.current.setOption({ animation: false, ...option }, true);
  }, [option]);
  return <div className="chart" ref={el} style={{ height }} data-testid={testid} />;
}

// Colours by kind of component, as in the report.
export function colorFor(kind, i) {
  const palette = ['#5470c6', '#91cc75', '#fac858', '#ee6666', '#73c0de', '#3ba272', '#fc8452', '#9a60b4', '#ea7ccc', '#8d6e63'];
  if (kind === 'solar' || kind === 'pv') return i % 2 ? '#f4b400' : '#fdd835';
  if (kind === 'wind') return '#26a69a';
  if (kind === 'coal' || kind === 'gas' || kind === 'diesel') return i % 2 ? '#616161' : '#9e9e9e';
  if (kind === 'grid') return '#1e88e5';
  if (kind === 'export') return '#90caf9';
  if (kind === 'storage' || kind === 'battery') return i % 2 ? '#8e24aa' : '#ba68c8';
  if (kind === 'link') return '#43a047';
  return palette[i % palette.length];
}
