// Runs a WASI preview1 command under Node.js (node:wasi), with wasmtime-style flags:
//
//   node --no-warnings selfhost/node-run.mjs [--dir HOST[::GUEST]]... [--env NAME=VALUE]... FILE [ARGS]...
//
// Options come before FILE; everything after FILE goes to the guest (argv[0] is FILE's
// last path component, as in wasmtime). stdin, stdout and stderr are this process's;
// the exit status is the guest's proc_exit code; a trap prints `Error: ...` and exits
// 134, as wasmtime and wint do.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import process from 'node:process';
import { WASI } from 'node:wasi';

function usage(msg) {
  process.stderr.write(`Error: ${msg}\nusage: node-run.mjs [--dir HOST[::GUEST]]... [--env NAME=VALUE]... FILE [ARGS]...\n`);
  process.exit(2);
}

const argv = process.argv.slice(2);
const preopens = {};
const env = {};
let i = 0;
for (; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--') { i++; break; }
  if (!a.startsWith('--')) break;
  let name = a;
  let inline;
  const eq0 = a.indexOf('=');
  if (eq0 >= 0) {
    name = a.slice(0, eq0);
    inline = a.slice(eq0 + 1);
  }
  const value = inline ?? argv[++i];
  if (value === undefined) usage(`${name} needs a value`);
  if (name === '--dir') {
    const sep = value.indexOf('::');
    const host = sep < 0 ? value : value.slice(0, sep);
    const guest = sep < 0 ? value : value.slice(sep + 2);
    preopens[guest] = host;
  } else if (name === '--env') {
    const eq = value.indexOf('=');
    if (eq < 0) {
      if (process.env[value] !== undefined) env[value] = process.env[value];
    } else {
      env[value.slice(0, eq)] = value.slice(eq + 1);
    }
  } else {
    usage(`unknown option ${name}`);
  }
}
const file = argv[i];
if (file === undefined) usage('no FILE given');
const args = [basename(file), ...argv.slice(i + 1)];

let bytes;
try {
  bytes = await readFile(file);
} catch (e) {
  process.stderr.write(`Error: cannot read \`${file}\`: ${e.message}\n`);
  process.exit(1);
}
const wasi = new WASI({ version: 'preview1', args, env, preopens, returnOnExit: true });
let instance;
try {
  const module = await WebAssembly.compile(bytes);
  instance = await WebAssembly.instantiate(module, wasi.getImportObject());
} catch (e) {
  process.stderr.write(`Error: failed to load \`${file}\`: ${e.message}\n`);
  process.exit(1);
}
let code;
try {
  code = wasi.start(instance);
} catch (e) {
  process.stderr.write(`Error: ${e.message}\n`);
  process.exit(134);
}
process.exitCode = code;
