// Loaded with `node --require` into a server the bench profiles: V8's sampling heap profiler,
// counting what is collected as well (garbage is what the GC pays for). The first SIGUSR2 starts
// it afresh, so start-up and warm-up are left out; the profile is written to
// ALLOCATION_PROFILE_FILE as the process exits.
'use strict';
const { Session } = require('node:inspector');
const { writeFileSync } = require('node:fs');

const file = process.env.ALLOCATION_PROFILE_FILE;
if (file) {
  const session = new Session();
  session.connect();
  session.post('HeapProfiler.enable');
  const start = () =>
    session.post('HeapProfiler.startSampling', {
      samplingInterval: 1024,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
  process.once('SIGUSR2', () => session.post('HeapProfiler.stopSampling', start));
  // An in-process session answers at once, so the profile is written before the process ends.
  process.once('exit', () =>
    session.post('HeapProfiler.stopSampling', (err, result) => {
      if (!err) writeFileSync(file, JSON.stringify(result.profile));
    }),
  );
}
