// The keep-alive peer of -Pbench-overhead: autocannon sends the prepared, signed webhooks (one JSON
// object per line: path, headers, body; each sent once) at a fixed overall rate over a fixed
// number of keep-alive connections, then prints one line:
//   autocannon {"sent":..,"2xx":..,"non2xx":..,"errors":..,"timeouts":..,"p50":..,"p99":..}
// with latencies in ms, corrected for coordinated omission as autocannon does at a fixed rate.
// Usage: node bench-autocannon.mjs <autocannon dir> <base url> <requests file> <rate> <seconds> <connections>
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const [dir, url, file, rate, seconds, connections] = process.argv.slice(2);
if (!connections) {
  console.error('usage: node bench-autocannon.mjs <dir> <url> <requests file> <rate> <seconds> <connections>');
  process.exit(2);
}
const autocannon = createRequire(path.join(dir, 'node_modules', 'x.js'))('autocannon');
const prepared = readFileSync(file, 'utf8').split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l));
let next = 0;

const result = await autocannon({
  url,
  connections: Number(connections),
  overallRate: Number(rate),
  duration: Number(seconds),
  timeout: 60,
  requests: [
    {
      setupRequest: (request) => {
        // Every webhook once: when the prepared ones run out the bench made too few, and the
        // pipeline restarts (counted in `resets`) rather than sending a load id twice.
        if (next >= prepared.length) {
          return null;
        }
        const r = prepared[next++];
        return { ...request, method: 'POST', path: r.path, headers: r.headers, body: r.body };
      },
    },
  ],
});
console.log('autocannon ' + JSON.stringify({
  sent: next,
  '2xx': result['2xx'],
  non2xx: result.non2xx,
  errors: result.errors,
  timeouts: result.timeouts,
  resets: result.resets,
  p50: result.latency.p50,
  p99: result.latency.p99,
}));
