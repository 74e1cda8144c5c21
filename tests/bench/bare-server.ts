// The baseline for the overview throughput: a bare Fastify route returning the same JSON object
// (read once from argv[2]) that the overview procedure answers with, serialised per request.
import Fastify from 'fastify';
import { readFileSync } from 'node:fs';

const body: unknown = JSON.parse(readFileSync(process.argv[2]!, 'utf8'));
const app = Fastify({ logger: false });
app.get('/overview', () => body);
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
console.log(`PORT ${typeof address === 'object' && address ? address.port : 0}`);
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
