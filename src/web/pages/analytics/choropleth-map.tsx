import { useEffect, useRef } from 'react';
import * as L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import type { FeatureCollection, GeoFeature } from '../../api.js';
import { useLeafletMap } from '../../components/use-leaflet-map.js';

export interface ChoroplethProps {
  features: FeatureCollection;
  /** Value of each grid by id; a missing or null value is drawn grey. */
  values: Map<string, number | null>;
  /** Class breaks (ascending, n+1 edges) and the colour of each class. */
  breaks: number[];
  colors: string[];
  format(value: number | null): string;
  tileUrl?: string | null;
  label: string;
  onPick(id: string): void;
}

export function classOf(value: number, breaks: number[]): number {
  for (let i = 1; i < breaks.length - 1; i++) if (value < breaks[i]) return i - 1;
  return breaks.length - 2;
}

/** Children of the current grid filled by an indicator; a click drills down. Loaded lazily with Leaflet. */
export default function ChoroplethMap({ features, values, breaks, colors, format, tileUrl, label, onPick }: ChoroplethProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const mapRef = useLeafletMap(containerRef, { tileUrl, zoom: 9, map: { zoomSnap: 0.25, scrollWheelZoom: false } });
  const layerRef = useRef<L.GeoJSON | null>(null);
  const pickRef = useRef(onPick);
  pickRef.current = onPick;

  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    layerRef.current?.remove();
    const fill = (id: string) => {
      const v = values.get(id);
      return v === null || v === undefined ? '#d9d9d9' : colors[classOf(v, breaks)];
    };
    const layer = L.geoJSON(features as unknown as GeoJSON.FeatureCollection, {
      style: (f) => ({ color: '#ffffff', weight: 1.5, fillColor: fill((f?.properties as { id: string }).id), fillOpacity: 0.85, className: 'gg-choropleth-shape' }),
      onEachFeature: (f, featureLayer) => {
        const feature = f as unknown as GeoFeature;
        const id = feature.properties.id;
        featureLayer.bindTooltip(`${escapeHtml(feature.properties.name)}：${escapeHtml(format(values.get(id) ?? null))}`, { sticky: true });
        featureLayer.on('click', () => pickRef.current(id));
        featureLayer.on('mouseover', () => (featureLayer as L.Path).setStyle({ weight: 3, color: '#262626' }));
        featureLayer.on('mouseout', () => layer.resetStyle(featureLayer as L.Path));
      },
    });
    layer.addTo(map);
    layerRef.current = layer;
    const bounds = layer.getBounds();
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [16, 16], animate: false });
  }, [features, values, breaks, colors, format]);

  return <div ref={containerRef} className="gg-analytics-map" role="region" aria-label={label} data-testid="dashboard-map" />;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
