import { useEffect, useRef } from 'react';
import * as L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import type { FeatureCollection, GeoFeature, GridLevel } from '../api.js';
import { levelColors } from './grid-bits.js';
import { useLeafletMap } from './use-leaflet-map.js';

export interface GridMapProps {
  features?: FeatureCollection;
  /** The selected grid's own boundary, drawn as an outline around its children. */
  outline?: GeoFeature | null;
  /** [minLng, minLat, maxLng, maxLat] to fit whenever it changes. */
  bbox?: number[] | null;
  highlightId?: string | null;
  point?: { lng: number; lat: number } | null;
  tileUrl?: string | null;
  tileAttribution?: string;
  /** Room kept free when fitting a bbox (a panel floating over the map). */
  fitPadding?: { right?: number };
  /** Accessible name of the map region. */
  label: string;
  onPick(lng: number, lat: number): void;
}

/** Permanent labels only while they stay readable; above this, names show on hover. */
const maxPermanentLabels = 80;

type Ring = number[][];

/**
 * Area-weighted centre of a ring (shoelace), null for a degenerate ring. Coordinates are taken
 * relative to the first vertex: at lng 130 the raw products cancel out in floating point.
 */
function ringCentre(ring: Ring): { x: number; y: number; area: number } | null {
  const [ox, oy] = ring[0];
  let area = 0;
  let x = 0;
  let y = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const xi = ring[i][0] - ox;
    const yi = ring[i][1] - oy;
    const xj = ring[j][0] - ox;
    const yj = ring[j][1] - oy;
    const cross = xj * yi - xi * yj;
    area += cross;
    x += (xj + xi) * cross;
    y += (yj + yi) * cross;
  }
  if (area === 0) return null;
  return { x: ox + x / (3 * area), y: oy + y / (3 * area), area: Math.abs(area / 2) };
}

function isInRing([px, py]: number[], ring: Ring): boolean {
  let isInside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) isInside = !isInside;
  }
  return isInside;
}

/**
 * Where a grid's name goes: the centre of its largest part, computed from the drawn geometry so
 * the label (and a click on it) always lands inside the shape; the server's centroid otherwise.
 */
function labelPoint(feature: GeoFeature): L.LatLng | null {
  const geometry = feature.geometry as { type: string; coordinates: unknown } | null;
  const polygons: Ring[][] = geometry?.type === 'Polygon' ? [geometry.coordinates as Ring[]] : geometry?.type === 'MultiPolygon' ? (geometry.coordinates as Ring[][]) : [];
  let best: { x: number; y: number; area: number; outer: Ring } | null = null;
  for (const polygon of polygons) {
    const centre = polygon[0] ? ringCentre(polygon[0]) : null;
    if (centre && (!best || centre.area > best.area)) best = { ...centre, outer: polygon[0] };
  }
  if (best && isInRing([best.x, best.y], best.outer)) return L.latLng(best.y, best.x);
  const c = feature.properties.centroid as unknown;
  if (Array.isArray(c) && c.length >= 2) return L.latLng(Number(c[1]), Number(c[0]));
  if (c && typeof c === 'object' && 'lng' in c && 'lat' in c) return L.latLng((c as { lat: number }).lat, (c as { lng: number }).lng);
  return null;
}

/** Leaflet drawing grid boundaries from GeoJSON; loaded lazily so the first page stays small. */
export default function GridMap({ features, outline, bbox, highlightId, point, tileUrl, tileAttribution, fitPadding, label, onPick }: GridMapProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const featureLayerRef = useRef<L.GeoJSON | null>(null);
  const labelLayerRef = useRef<L.LayerGroup | null>(null);
  const outlineLayerRef = useRef<L.GeoJSON | null>(null);
  const pointLayerRef = useRef<L.CircleMarker | null>(null);
  const onPickRef = useRef(onPick);
  onPickRef.current = onPick;
  const highlightRef = useRef(highlightId);
  highlightRef.current = highlightId;
  const mapRef = useLeafletMap(containerRef, {
    tileUrl, tileAttribution, zoom: 9, map: { zoomSnap: 0.25, minZoom: 3, maxZoom: 19 },
    onCreate: (map) => {
      map.on('click', (event: L.LeafletMouseEvent) => onPickRef.current(event.latlng.lng, event.latlng.lat));
      map.on('zoomend moveend resize', () => declutter(containerRef.current!));
    },
  });

  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    featureLayerRef.current?.remove();
    labelLayerRef.current?.remove();
    if (!features) return;
    const showLabels = features.features.length <= maxPermanentLabels;
    const labels = L.layerGroup();
    const layer = L.geoJSON(features as unknown as GeoJSON.FeatureCollection, {
      style: (f) => {
        const level = (f?.properties as { level?: GridLevel } | undefined)?.level ?? 'compound';
        const color = levelColors[level];
        const isHighlighted = (f?.properties as { id?: string } | undefined)?.id === highlightRef.current;
        return {
          color: isHighlighted ? '#a8071a' : color,
          weight: isHighlighted ? 3 : 1.2,
          fillColor: isHighlighted ? '#ff7875' : color,
          fillOpacity: isHighlighted ? 0.35 : 0.12,
          className: 'grid-feature',
        };
      },
      onEachFeature: (f, featureLayer) => {
        const feature = f as unknown as GeoFeature;
        const name = feature.properties.name;
        if (showLabels) {
          const at = labelPoint(feature) ?? (featureLayer as L.Polygon).getBounds?.().getCenter();
          if (at) {
            labels.addLayer(
              L.tooltip({ permanent: true, direction: 'center', className: 'grid-label', interactive: false, opacity: 1 })
                .setLatLng(at)
                .setContent(escapeHtml(name)),
            );
          }
        } else {
          featureLayer.bindTooltip(escapeHtml(name), { sticky: true, className: 'grid-label-hover' });
        }
        featureLayer.on('mouseover', () => (featureLayer as L.Path).setStyle({ fillOpacity: 0.3 }));
        featureLayer.on('mouseout', () => layer.resetStyle(featureLayer as L.Path));
      },
    });
    layer.addTo(map);
    labels.addTo(map);
    featureLayerRef.current = layer;
    labelLayerRef.current = labels;
    // Tooltips take their place on the next frame; measure them after that.
    const frame = requestAnimationFrame(() => declutter(containerRef.current!));
    return () => cancelAnimationFrame(frame);
  }, [features]);

  // A pick restyles the shapes in place; rebuilding them would reset labels and hover state.
  useEffect(() => {
    const layer = featureLayerRef.current;
    if (layer) layer.setStyle((f) => (layer.options.style as L.StyleFunction)(f));
  }, [highlightId]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    outlineLayerRef.current?.remove();
    if (!outline?.geometry) return;
    const layer = L.geoJSON(outline as unknown as GeoJSON.Feature, {
      style: { color: '#a8071a', weight: 2.5, dashArray: '6 4', fill: false, interactive: false },
      interactive: false,
    });
    layer.addTo(map);
    outlineLayerRef.current = layer;
  }, [outline]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !bbox || bbox.length < 4) return;
    map.fitBounds(
      [
        [bbox[1], bbox[0]],
        [bbox[3], bbox[2]],
      ],
      { paddingTopLeft: [24, 48], paddingBottomRight: [24 + (fitPadding?.right ?? 0), 24], animate: false },
    );
  }, [bbox?.join(','), fitPadding?.right]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    pointLayerRef.current?.remove();
    pointLayerRef.current = null;
    if (!point) return;
    pointLayerRef.current = L.circleMarker([point.lat, point.lng], { radius: 6, color: '#fff', weight: 2, fillColor: '#a8071a', fillOpacity: 1, interactive: false }).addTo(map);
  }, [point]);

  return <div ref={containerRef} className="gg-map" role="region" aria-label={label} data-testid="grid-map" />;
}

/** Hides labels that would overlap one already shown, so names stay readable at every zoom. */
function declutter(container: HTMLElement): void {
  const kept: DOMRect[] = [];
  container.querySelectorAll<HTMLElement>('.grid-label').forEach((label) => {
    label.classList.remove('grid-label-hidden');
    const box = label.getBoundingClientRect();
    const collides = kept.some((k) => box.left < k.right + 2 && box.right > k.left - 2 && box.top < k.bottom && box.bottom > k.top);
    if (collides) label.classList.add('grid-label-hidden');
    else kept.push(box);
  });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
