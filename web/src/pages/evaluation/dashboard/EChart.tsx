import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { DatasetComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

// Only the modules the portal's charts use (bar, line, pie on a canvas), to keep the bundle small.
echarts.use([BarChart, LineChart, PieChart, DatasetComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent, CanvasRenderer]);

export type EChartOption = echarts.EChartsCoreOption;

/**
 * One ECharts instance in a div, shared by the portal's pages: created once, given new options
 * (replacing the old ones), resized with its box, disposed on unmount. `testId` lands on the div
 * (browser tests wait for it); `rendered` is set on it once the first frame is drawn.
 */
export function EChart({ option, height = 320, testId }: { option: EChartOption; height?: number; testId?: string }) {
  const ref = useRef<HTMLDivElement | null>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const c = echarts.init(el);
    chart.current = c;
    c.on('finished', () => el.setAttribute('data-rendered', 'true'));
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);

  return <div ref={ref} data-testid={testId} style={{ width: '100%', height }} />;
}

/** A horizontal or vertical bar chart of labelled values (one or more series). */
export function barOption(labels: string[], series: { name: string; values: number[]; color?: string; stack?: string }[], opts: { horizontal?: boolean } = {}): EChartOption {
  const cat = { type: 'category', data: labels, axisLabel: { interval: 0, width: 110, overflow: 'truncate' } };
  const val = { type: 'value', minInterval: 1 };
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: series.length > 1 ? { top: 0 } : undefined,
    grid: { left: 8, right: 24, top: series.length > 1 ? 32 : 16, bottom: 8, containLabel: true },
    xAxis: opts.horizontal ? val : { ...cat, axisLabel: { ...cat.axisLabel, interval: labels.length > 12 ? 'auto' : 0, rotate: labels.length > 6 ? 30 : 0 } },
    yAxis: opts.horizontal ? { ...cat, inverse: true } : val,
    series: series.map((s) => ({ type: 'bar', name: s.name, data: s.values, stack: s.stack, itemStyle: s.color ? { color: s.color } : undefined, barMaxWidth: 28 })),
  };
}

/** A line chart over a category axis (months, days). */
export function lineOption(labels: string[], series: { name: string; values: number[]; area?: boolean }[]): EChartOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: series.length > 1 ? { top: 0 } : undefined,
    grid: { left: 8, right: 24, top: series.length > 1 ? 32 : 16, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: labels, boundaryGap: false },
    yAxis: { type: 'value', minInterval: 1 },
    series: series.map((s) => ({ type: 'line', name: s.name, data: s.values, smooth: true, areaStyle: s.area ? { opacity: 0.15 } : undefined })),
  };
}

/** A pie (ring) of labelled values. */
export function pieOption(items: { name: string; value: number }[]): EChartOption {
  return {
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    legend: { bottom: 0, type: 'scroll' },
    series: [{ type: 'pie', radius: ['40%', '68%'], center: ['50%', '45%'], data: items, label: { formatter: '{b}\n{c}' } }],
  };
}
