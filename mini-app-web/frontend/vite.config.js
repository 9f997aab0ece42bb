import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// Built into the module's classes, so the jar serves it from the classpath at /m/ (MiniAppPages).
export default defineConfig({
  base: '/m/',
  plugins: [vue()],
  build: {
    outDir: '../target/classes/webroot',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500
  },
  server: {
    proxy: { '/api': 'http://localhost:8080' }
  }
})
