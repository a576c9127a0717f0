// Runs the main.py of an xlwings Lite workbook in Pyodide under Node.js and calls its XP_ functions.
// node run.mjs MAIN_PY CASES_JSON OUT_JSON [call_all|bench|run_script]
// Pyodide and its standard library come from node_modules/pyodide: nothing is downloaded.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
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
// packages of requirements.txt, copied from the test's Python (pure Python, the same files): site/ next to main.py
const site = join(dirname(mainPath), "site");
const copy = (from, to) => {
  pyodide.FS.mkdirTree(to);
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    if (entry.isDirectory()) copy(join(from, entry.name), `${to}/${entry.name}`);
    else pyodide.FS.writeFile(`${to}/${entry.name}`, readFileSync(join(from, entry.name)));
  }
};
if (existsSync(site)) copy(site, `${home}/site`);
const result = pyodide.runPython(`
import sys
sys.path.insert(0, "${home}")
sys.path.insert(1, "${home}/site")
import harness
harness.${["bench", "run_script"].includes(mode) ? mode : "call_all"}("${home}/cases.json")
`);
writeFileSync(outPath, result);
console.log(`Python ${pyodide.runPython("import sys; sys.version.split()[0]")} in Pyodide ${pyodide.version}`);
