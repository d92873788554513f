import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The config lives in web/ but npm scripts run from the repository root, so anchor paths here.
const webRoot = decodeURIComponent(new URL('.', import.meta.url).pathname);
const apiTarget = 'http://127.0.0.1:8080';

/** Vendor libraries change rarely; separate chunks keep them cached across portal releases. */
function vendorChunk(id: string): string | undefined {
  if (!id.includes('/node_modules/')) return undefined;
  if (/\/node_modules\/(echarts|zrender)\//.test(id)) return 'echarts';
  if (/\/node_modules\/(antd|@ant-design|rc-[^/]+|@rc-component|dayjs)\//.test(id)) return 'antd';
  if (/\/node_modules\/(react|react-dom|scheduler|react-router|react-router-dom)\//.test(id)) return 'react';
  if (/\/node_modules\/(i18next|react-i18next)\//.test(id)) return 'i18n';
  return 'vendor';
}

export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react()],
  // The API's types and constants come from the server's model files (ADR 0017).
  resolve: { alias: { '@server': `${webRoot}../src` } },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
      '/healthz': { target: apiTarget, changeOrigin: false },
    },
  },
  build: {
    outDir: `${webRoot}dist`,
    emptyOutDir: true,
    sourcemap: false,
    // antd alone is ~1 MB minified; it is cached as its own chunk, so the warning is noise.
    chunkSizeWarningLimit: 1600,
    rollupOptions: {
      output: { manualChunks: vendorChunk },
    },
  },
});
