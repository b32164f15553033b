"""Run every benchmark in its own process and print one JSON object per benchmark.

Each benchmark script prints its result as a JSON object on its last line; this
collects those lines. A benchmark that fails is reported with its exit code and the
end of its error output, and the others still run.
"""

import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = ["probe_round", "gui_stall", "startup", "history_query", "ssh_round", "patrol_export", "patrol_open",
              "sync_push", "sync_idle"]


def run(name: str) -> dict:
    script = HERE / f"{name}.py"
    if not script.exists():
        return {"benchmark": name, "error": f"{script} does not exist"}
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, cwd=HERE.parent)
    if done.returncode != 0:
        return {"benchmark": name, "error": f"exit code {done.returncode}", "stderr": done.stderr[-2000:]}
    last = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    try:
        return json.loads(last)
    except json.JSONDecodeError:
        return {"benchmark": name, "error": "the last line of output is not a JSON object", "output": last[-500:]}


def main() -> int:
    failed = 0
    for name in sys.argv[1:] or BENCHMARKS:
        result = run(name)
        failed += "error" in result
        print(json.dumps(result, ensure_ascii=False), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
