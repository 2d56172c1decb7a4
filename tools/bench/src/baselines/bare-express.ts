/**
 * Baseline for `single`: a bare express app that reads and parses the JSON body the way the
 * gateway does (raw bytes, strict UTF-8, JSON.parse) and answers 202 with an id: no gRPC, no
 * NATS. Listens on the port in its first argument and prints `ready` when it does.
 */
import express from 'express';
import { randomUUID } from 'node:crypto';

const port = Number(process.argv[2]);
const utf8 = new TextDecoder('utf-8', { fatal: true });
const app = express();
app.disable('x-powered-by');
app.set('etag', false);
app.post('/v1/events', express.raw({ limit: 1024 ** 2, type: () => true }), (req, res) => {
  const event = JSON.parse(utf8.decode(req.body as Buffer)) as unknown;
  if (event === null || typeof event !== 'object') {
    res.status(400).json({ error: { code: 'invalid_request', message: 'not an object' } });
    return;
  }
  res.status(202).json({ accepted: 1, ids: [randomUUID()] });
});
const server = app.listen(port, '127.0.0.1', () => process.stdout.write('ready\n'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
