// Reads package-lock.json and checks every package's `engines` against a
// Node.js (and npm) version, so that a later bump of the pinned SDKs cannot
// break a fresh Debian 12 (nodejs 18.20, npm 9.2) without a clear word.
//
//   node check-engines.js <package-lock.json>
//       the running node and npm must satisfy every package: else one line
//       per offender saying what was found, what is needed and how to get it
//   node check-engines.js <package-lock.json> --node 18.20.4 --npm 9.2.0
//       every package must admit those versions (what Debian 12 ships)
//
// Written in plain ES5-era JavaScript on purpose: it must run, and explain
// itself, on a Node.js too old for the SDKs it checks.
'use strict';
var fs = require('fs');
var childProcess = require('child_process');

function parseVersion(text) {
  var m = /^v?(\d+)(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?/.exec(String(text).trim());
  if (!m) return null;
  function part(p) { return p === undefined || /[xX*]/.test(p) ? null : Number(p); }
  return [Number(m[1]), part(m[2]), part(m[3])];
}

function compare(a, b) {
  for (var i = 0; i < 3; i++) {
    if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}

function filled(v) { return [v[0], v[1] === null ? 0 : v[1], v[2] === null ? 0 : v[2]]; }

// The smallest version above every version that `partial` names:
// 1.x -> 2.0.0, 1.2.x -> 1.3.0, 1.2.3 -> 1.2.4 (exclusive upper bound).
function next(partial) {
  if (partial[1] === null) return [partial[0] + 1, 0, 0];
  if (partial[2] === null) return [partial[0], partial[1] + 1, 0];
  return [partial[0], partial[1], partial[2] + 1];
}

// One comparator set (space-separated, all must hold) against a version.
function satisfiesSet(set, version) {
  var hyphen = /^\s*(\S+)\s+-\s+(\S+)\s*$/.exec(set);
  if (hyphen) {
    var lo = parseVersion(hyphen[1]);
    var hi = parseVersion(hyphen[2]);
    if (!lo || !hi) throw new Error('unreadable range "' + set + '"');
    return compare(version, filled(lo)) >= 0 && compare(version, next(hi)) < 0;
  }
  var tokens = set.replace(/(>=|<=|>|<|=|\^|~)\s+/g, '$1').trim().split(/\s+/);
  for (var i = 0; i < tokens.length; i++) {
    var token = tokens[i];
    if (token === '' || token === '*' || token === 'x' || token === 'X') continue;
    var m = /^(>=|<=|>|<|=|\^|~)?(.*)$/.exec(token);
    var op = m[1] || '';
    var v = parseVersion(m[2]);
    if (!v) throw new Error('unreadable range "' + set + '"');
    var low = filled(v);
    var ok;
    if (op === '>=') ok = compare(version, low) >= 0;
    else if (op === '>') ok = v[1] === null || v[2] === null ? compare(version, next(v)) >= 0
                                                            : compare(version, low) > 0;
    else if (op === '<=') ok = compare(version, next(v)) < 0;
    else if (op === '<') ok = compare(version, low) < 0;
    else if (op === '^') {
      var upper = v[0] > 0 || v[1] === null ? [v[0] + 1, 0, 0]
                : v[1] > 0 || v[2] === null ? [0, v[1] + 1, 0] : [0, 0, v[2] + 1];
      ok = compare(version, low) >= 0 && compare(version, upper) < 0;
    } else if (op === '~') {
      ok = compare(version, low) >= 0 && compare(version, next([v[0], v[1], null])) < 0;
    } else {
      ok = compare(version, low) >= 0 && compare(version, next(v)) < 0;
    }
    if (!ok) return false;
  }
  return true;
}

function satisfies(range, version) {
  var sets = String(range).split('||');
  for (var i = 0; i < sets.length; i++) {
    if (satisfiesSet(sets[i], version)) return true;
  }
  return false;
}

function npmVersion() {
  try {
    return childProcess.execSync('npm --version', {stdio: ['ignore', 'pipe', 'ignore']})
        .toString().trim();
  } catch (e) {
    return null;
  }
}

function main(argv) {
  var lockPath = argv[0];
  if (!lockPath) {
    console.error('usage: check-engines.js <package-lock.json> [--node X.Y.Z] [--npm X.Y.Z]');
    return 2;
  }
  var target = {node: null, npm: null};
  for (var i = 1; i < argv.length; i += 2) {
    var key = argv[i].replace(/^--/, '');
    if (!(key in target) || argv[i + 1] === undefined) {
      console.error('check-engines: unknown option ' + argv[i]);
      return 2;
    }
    target[key] = argv[i + 1];
  }
  var pinned = target.node !== null || target.npm !== null;
  var versions = pinned ? target : {node: process.version, npm: npmVersion()};

  var lock = JSON.parse(fs.readFileSync(lockPath, 'utf8'));
  var packages = lock.packages || {};
  var problems = [];
  var checked = 0;
  Object.keys(packages).forEach(function(path) {
    var engines = packages[path].engines;
    if (!engines || typeof engines !== 'object') return;
    ['node', 'npm'].forEach(function(tool) {
      if (!engines[tool] || !versions[tool]) return;
      var have = parseVersion(versions[tool]);
      checked++;
      var ok;
      try {
        ok = satisfies(engines[tool], filled(have));
      } catch (e) {
        problems.push((path || 'the project') + ': ' + e.message + ' in engines.' + tool);
        return;
      }
      if (!ok) {
        problems.push((path.replace(/^node_modules\//, '') || 'the project') + ' ' +
                      (packages[path].version || '') + ' needs ' + tool + ' ' +
                      engines[tool] + ', found ' + versions[tool]);
      }
    });
  });

  if (problems.length === 0) {
    console.log('check-engines: ' + Object.keys(packages).length + ' packages, ' + checked +
                ' engine ranges, all admit node ' + versions.node +
                (versions.npm ? ' and npm ' + versions.npm : ''));
    return 0;
  }
  problems.forEach(function(p) { console.error('check-engines: ' + p); });
  if (pinned) {
    console.error('check-engines: the lockfile no longer installs on Debian 12\'s own ' +
                  'Node.js: pin versions whose engines admit it');
  } else {
    console.error('check-engines: Node.js ' + versions.node + ' is older than the pinned Slack ' +
                  'SDKs need. On Debian 12: apt-get install nodejs npm (18.x); elsewhere ' +
                  'install Node.js 18 or newer from your distribution');
  }
  return 1;
}

module.exports = {satisfies: satisfies, parseVersion: parseVersion};
if (require.main === module) process.exit(main(process.argv.slice(2)));
