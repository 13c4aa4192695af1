// Preloaded (NODE_OPTIONS=--require) into every Node 24 process and worker thread of the Node 24 test run
// (scripts/test-node24.mjs). node_modules/better-sqlite3 holds the addon built for the machine's Node (20);
// rebuilding it in place would break every Node 20 process using the same tree. So the Node 24 build lives
// in a cache folder and this swaps the path where Node loads native addons (process.dlopen, which
// require('….node') calls: https://nodejs.org/api/process.html#processdlopenmodule-filename-flags).
'use strict';
const path = require('node:path');

const replacement = process.env.PIAO_BETTER_SQLITE3_NODE;
if (replacement) {
  const wanted = `${path.sep}better-sqlite3${path.sep}build${path.sep}Release${path.sep}better_sqlite3.node`;
  const dlopen = process.dlopen;
  process.dlopen = function patchedDlopen(module, filename, ...rest) {
    const file = String(filename);
    return dlopen.call(this, module, file.endsWith(wanted) ? replacement : file, ...rest);
  };
}
