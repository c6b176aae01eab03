import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';

// Only the charts and components the analytics pages draw, so the chunk stays small.
echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export type ChartOption = EChartsCoreOption;

interface Props {
  option: ChartOption;
  height?: number;
  /** Accessible name; the data is also in the page's tables and cards. */
  label: string;
  /** A click on a bar, slice or point, with the index of the data item. */
  onItemClick?: (dataIndex: number, seriesIndex: number) => void;
  'data-testid'?: string;
}

/** An ECharts canvas that follows its container's size and the option it is given. */
export function Chart({ option, height = 260, label, onItemClick, ...rest }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const chartRef = useRef<echarts.ECharts | null>(null);
  const clickRef = useRef(onItemClick);
  clickRef.current = onItemClick;

  useEffect(() => {
    const chart = echarts.init(ref.current!, undefined, { renderer: 'canvas' });
    chartRef.current = chart;
    chart.on('click', (params) => {
      const p = params as { dataIndex?: number; seriesIndex?: number };
      if (typeof p.dataIndex === 'number') clickRef.current?.(p.dataIndex, p.seriesIndex ?? 0);
    });
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(ref.current!);
    return () => {
      observer.disconnect();
      chart.dispose();
      chartRef.current = null;
    };
  }, []);

  useEffect(() => {
    chartRef.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={ref} role="img" aria-label={label} style={{ width: '100%', height, cursor: onItemClick ? 'pointer' : undefined }} data-testid={rest['data-testid']} />;
}

/** The palette of the dashboard: the theme's red first, then calm colours that stay apart. */
export const palette = ['#c0392b', '#1f6fb2', '#e08e0b', '#2e8b57', '#7b4fa0', '#0f8c8c', '#b5651d', '#5b6770', '#d4548a', '#6b8e23'];
