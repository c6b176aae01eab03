import { useEffect, useRef, type RefObject } from 'react';
import * as L from 'leaflet';

/** Muling City: where every map opens before it fits its shapes. */
const MULING_CENTER: L.LatLngTuple = [44.92, 130.52];

interface LeafletMapOptions {
  /** Tile server URL template; without one the map shows only the shapes drawn on it. */
  tileUrl?: string | null;
  tileAttribution?: string | null;
  zoom: number;
  /** Extra Leaflet options (zoom limits, snapping, wheel zoom). */
  map?: L.MapOptions;
  /** Called once the map exists: click handlers and the like. */
  onCreate?: (map: L.Map) => void;
}

/**
 * One Leaflet map in `containerRef`, created on mount and removed on unmount (or when the tiles
 * change), kept the size of its container. The grid map, the case map and the dashboard's
 * choropleth share it; each draws its own layers on `mapRef.current`.
 */
export function useLeafletMap(containerRef: RefObject<HTMLDivElement | null>, options: LeafletMapOptions): RefObject<L.Map | null> {
  const mapRef = useRef<L.Map | null>(null);
  const onCreateRef = useRef(options.onCreate);
  onCreateRef.current = options.onCreate;
  const { tileUrl, tileAttribution, zoom } = options;
  const mapOptions = useRef(options.map);
  useEffect(() => {
    const container = containerRef.current!;
    const map = L.map(container, { zoomControl: true, attributionControl: Boolean(tileUrl), ...mapOptions.current });
    map.setView(MULING_CENTER, zoom);
    if (tileUrl) L.tileLayer(tileUrl, { maxZoom: 19, attribution: tileAttribution ?? undefined }).addTo(map);
    onCreateRef.current?.(map);
    mapRef.current = map;
    const observer = new ResizeObserver(() => map.invalidateSize());
    observer.observe(container);
    return () => {
      observer.disconnect();
      map.remove();
      mapRef.current = null;
    };
  }, [containerRef, tileUrl, tileAttribution, zoom]);
  return mapRef;
}
