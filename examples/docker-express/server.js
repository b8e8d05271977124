// Answers on $PORT (8080 in the image); /health for the health gate; stops cleanly on SIGTERM.
const express = require('express');

const app = express();
app.get('/health', (_req, res) => res.send('ok'));
app.get('/', (_req, res) => res.json({ message: 'Hello from Express in a container on hop3!', node: process.version, app: process.env.APP ?? null }));

const port = Number(process.env.PORT || 8080);
const server = app.listen(port, () => console.log(`listening on ${port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
