// Answers on $PORT (8080 in the image); /health for the health gate; stops cleanly on SIGTERM.
const http = require('node:http');

const server = http.createServer((req, res) => {
  if (req.url === '/health') {
    res.end('ok');
    return;
  }
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ message: 'Hello from a container on hop3!', node: process.version, app: process.env.APP ?? null }));
});

server.listen(Number(process.env.PORT || 8080), () => console.log(`listening on ${process.env.PORT || 8080}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
