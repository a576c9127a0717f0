// Runs the main.py of an xlwings Lite workbook in Pyodide under Node.js and calls its XP_ functions.
// node run.mjs MAIN_PY CASES_JSON OUT_JSON [call_all|bench|run_script]
// Pyodide and its standard library come from node_modules/pyodide: nothing is downloaded.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadPyodide } from "pyodide";

const here = dirname(fileURLToPath(import.meta.url));
const [mainPath, casesPath, outPath, mode = "call_all"] = process.argv.slice(2);
const pyodide = await loadPyodide();
const home = "/home/pyodide";
pyodide.FS.writeFile(`${home}/xlwings.py`, readFileSync(join(here, "xlwings_stand_in.py"), "utf8"));
pyodide.FS.writeFile(`${home}/harness.py`, readFileSync(join(here, "harness.py"), "utf8"));
pyodide.FS.writeFile(`${home}/main.py`, readFileSync(mainPath, "utf8"));
pyodide.FS.writeFile(`${home}/cases.json`, readFileSync(casesPath, "utf8"));
const result = pyodide.runPython(`
import sys
sys.path.insert(0, "${home}")
import harness
harness.${["bench", "run_script"].includes(mode) ? mode : "call_all"}("${home}/cases.json")
`);
writeFileSync(outPath, result);
console.log(`Python ${pyodide.runPython("import sys; sys.version.split()[0]")} in Pyodide ${pyodide.version}`);
