// Written by Previewkit into a session's dev workspace (node_modules/.previewkit/): Vite's dev server for the
// workspace on a loopback port, with its cache in a folder of the session's own, for as long as the JVM holds it.
import { reply, watchParent } from './watchdog.mjs';

const settings = JSON.parse(process.env.PREVIEWKIT_DEV_SERVER);
const vite = await import('vite');
watchParent(() => {});
const server = await vite.createServer({
  root: process.cwd(),
  mode: 'development',
  clearScreen: false,
  cacheDir: settings.cacheDir,
  server: {
    host: '127.0.0.1',
    port: settings.port,
    strictPort: true,
    allowedHosts: settings.allowedHosts,
  },
});
await server.listen();
const port = server.httpServer.address().port;
console.log(`[previewkit] Vite ${vite.version} dev server at http://127.0.0.1:${port}/`);
reply({ type: 'ready', vite: vite.version, port });
