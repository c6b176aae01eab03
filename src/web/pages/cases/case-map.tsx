import { useEffect, useRef } from 'react';
import * as L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useLeafletMap } from '../../components/use-leaflet-map.js';

export interface CaseMarker {
  id: string;
  lng: number;
  lat: number;
  color: string;
  /** Drawn larger with a red ring (overdue). */
  isAlert?: boolean;
  title: string;
}

export interface CaseMapProps {
  /** The dropped pin (report form) or the case's place. */
  point?: { lng: number; lat: number } | null;
  markers?: CaseMarker[];
  /** Grid boundaries drawn faintly for context (tiles are optional in a deployment). */
  features?: GeoJSON.FeatureCollection | null;
  /** Where to look first when there is no point: [minLng, minLat, maxLng, maxLat]. */
  bbox?: number[] | null;
  tileUrl?: string | null;
  label: string;
  onPick?(lng: number, lat: number): void;
  onMarker?(id: string): void;
  className?: string;
  testId?: string;
}

/** A small Leaflet map: click to drop a pin, or show a case's pin, or many coloured case markers. Lazy-loaded. */
export default function CaseMap({ point, markers, features, bbox, tileUrl, label, onPick, onMarker, className, testId }: CaseMapProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const pinRef = useRef<L.CircleMarker | null>(null);
  const markersRef = useRef<L.LayerGroup | null>(null);
  const featuresRef = useRef<L.GeoJSON | null>(null);
  const fittedRef = useRef(false);
  const onPickRef = useRef(onPick);
  onPickRef.current = onPick;
  const onMarkerRef = useRef(onMarker);
  onMarkerRef.current = onMarker;
  const mapRef = useLeafletMap(containerRef, {
    tileUrl, zoom: 12, map: { minZoom: 3, maxZoom: 19 },
    onCreate: (map) => map.on('click', (event: L.LeafletMouseEvent) => onPickRef.current?.(event.latlng.lng, event.latlng.lat)),
  });

  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    featuresRef.current?.remove();
    featuresRef.current = null;
    if (!features?.features.length) return;
    const labels = features.features.length <= 40;
    const layer = L.geoJSON(features, {
      style: { color: '#8c8c8c', weight: 1, fillColor: '#bfbfbf', fillOpacity: 0.08, interactive: false },
      interactive: false,
      onEachFeature: (f, l) => {
        const name = (f.properties as { name?: string } | null)?.name;
        if (labels && name) l.bindTooltip(name.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`), { permanent: true, direction: 'center', className: 'grid-label', interactive: false });
      },
    });
    layer.addTo(map);
    layer.bringToBack();
    featuresRef.current = layer;
    if (!point && !bbox) map.fitBounds(layer.getBounds(), { padding: [16, 16], animate: false });
  }, [features]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !bbox || bbox.length < 4 || fittedRef.current) return;
    fittedRef.current = true;
    map.fitBounds([[bbox[1], bbox[0]], [bbox[3], bbox[2]]], { padding: [16, 16], animate: false });
  }, [bbox?.join(',')]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    pinRef.current?.remove();
    pinRef.current = null;
    if (!point) return;
    pinRef.current = L.circleMarker([point.lat, point.lng], { radius: 9, color: '#fff', weight: 3, fillColor: '#c0392b', fillOpacity: 1, interactive: false, className: 'gg-case-pin' }).addTo(map);
    if (!onPickRef.current || !map.getBounds().contains([point.lat, point.lng])) map.setView([point.lat, point.lng], Math.max(map.getZoom(), 16), { animate: false });
  }, [point?.lng, point?.lat]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    markersRef.current?.remove();
    if (!markers) return;
    const group = L.layerGroup();
    for (const m of markers) {
      const marker = L.circleMarker([m.lat, m.lng], {
        radius: m.isAlert ? 8 : 6,
        color: m.isAlert ? '#a8071a' : '#fff',
        weight: m.isAlert ? 3 : 1.5,
        fillColor: m.color,
        fillOpacity: 0.9,
        className: `gg-case-marker${m.isAlert ? ' gg-case-marker-alert' : ''}`,
      });
      marker.bindTooltip(m.title.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`));
      marker.on('click', () => onMarkerRef.current?.(m.id));
      group.addLayer(marker);
    }
    group.addTo(map);
    markersRef.current = group;
    if (!fittedRef.current && markers.length > 0 && !bbox) {
      fittedRef.current = true;
      map.fitBounds(L.latLngBounds(markers.map((m) => [m.lat, m.lng] as [number, number])), { padding: [24, 24], animate: false, maxZoom: 16 });
    }
  }, [markers]); // eslint-disable-line react-hooks/exhaustive-deps

  return <div ref={containerRef} className={`gg-case-map ${className ?? ''}`} role="region" aria-label={label} data-testid={testId ?? 'case-map'} />;
}
