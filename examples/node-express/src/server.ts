// `npm start` runs dist/server.js, compiled from this file by the build script (tsc, a dev
// dependency). hop3 runs the start script as the web process: it binds $PORT on 127.0.0.1.
import express from 'express';

const app = express();
const port = Number(process.env.PORT ?? 5000);

app.get('/', (_req, res) => {
  res.json({ message: 'Hello from Express on hop3!', node: process.version, env: process.env.NODE_ENV ?? null });
});

app.get('/health', (_req, res) => {
  res.type('text').send('ok');
});

// nginx serves /static from public/ ([static] in hop3.toml); this route only answers when the
// app runs on its own (npm start on a laptop).
app.use('/static', express.static('public'));

app.listen(port, '127.0.0.1', () => console.log(`listening on 127.0.0.1:${port}`));
