// Runs a WASI preview1 command module on Node.js's WebAssembly engine (V8, JIT tiers)
// with Node's built-in WASI, as a wint-bench peer:
//   wint-bench --peer node='node --no-warnings bench/peers/node-wasi.mjs'
import { readFile } from 'node:fs/promises';
import { argv, exit } from 'node:process';
import { WASI } from 'node:wasi';

const file = argv[2];
const wasi = new WASI({ version: 'preview1', args: [file], env: {}, returnOnExit: true });
const module = await WebAssembly.compile(await readFile(file));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
exit(wasi.start(instance));
