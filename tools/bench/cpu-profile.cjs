// Preloaded into a service by `EYE_BENCH_PROFILE=<dir> npm run bench` (node --require): records a
// V8 CPU profile for the process's whole life and writes <dir>/<name>-<pid>.cpuprofile on exit
// (Node 20 refuses --cpu-prof in NODE_OPTIONS). Open the file in Chrome DevTools or speedscope.
const inspector = require('node:inspector');
const fs = require('node:fs');
const path = require('node:path');

const dir = process.env.EYE_BENCH_PROFILE_DIR;
const session = new inspector.Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.setSamplingInterval', { interval: 200 });
session.post('Profiler.start');
process.on('exit', () => {
  // An in-process inspector session answers synchronously, so this completes before exit.
  session.post('Profiler.stop', (error, result) => {
    if (error || !dir) return;
    const name = path.basename(path.dirname(process.argv[1] || 'node'));
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `${name}-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
  });
});
