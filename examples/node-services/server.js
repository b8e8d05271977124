// `web: node server.js` — binds $PORT, as hop3's uWSGI deployer expects of a web worker.
import { createServer } from 'node:http';
import { recordVisit } from './services.js';

const port = Number(process.env.PORT ?? 5000);
createServer(async (req, res) => {
  try {
    const counts = await recordVisit(req.url ?? '/');
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(counts));
  } catch (error) {
    res.writeHead(500, { 'content-type': 'text/plain' });
    res.end(`error: ${error.message}`);
  }
}).listen(port, '127.0.0.1', () => console.log(`listening on 127.0.0.1:${port}`));
