// A server process for the HTTP benchmarks: serves an already prepared SQLite file (argv[2]) on a
// free loopback port and prints the port. Started as a child so the load generator does not share
// its event loop.
import { buildApp } from '../../server/app';
import { openSqlite } from '../../server/db/connect';

const db = openSqlite(process.argv[2]!);
const app = await buildApp(db, { logLevel: 'silent', clientDir: '/nonexistent' });
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
console.log(`PORT ${typeof address === 'object' && address ? address.port : 0}`);
process.once('SIGTERM', () => void app.close().then(() => db.destroy().then(() => process.exit(0))));
