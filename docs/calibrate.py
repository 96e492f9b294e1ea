#!/usr/bin/env python3
"""Calibration driver (documented in docs/calibration.md): runs `./tpusim validate --set ...` for a
parameter set and prints the objective: mean |relative error| over the time figures plus mean |MFU error|
(as a fraction), over the paper's calibration set. Table 1 (memory) does not depend on these parameters
and is left out of the objective.

usage: docs/calibrate.py KEY=VALUE ...          evaluate one set
       docs/calibrate.py --descend KEY=V1,V2,...  coordinate descent over the listed candidate values
"""
import csv
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def evaluate(params):
    out = tempfile.mkdtemp(prefix="tpusim-cal-")
    cmd = [os.path.join(ROOT, "tpusim"), "validate", "--out", out]
    for k, v in params.items():
        cmd += ["--set", f"{k}={v}"]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    times, mfus = [], []
    with open(os.path.join(out, "validation", "validation.csv")) as f:
        for row in csv.DictReader(f):
            if row["source"].startswith("Table 1"):
                continue
            e = abs(float(row["error_simulated"]))
            (mfus if row["error_unit"] != "relative" else times).append(e)
    mape = sum(times) / len(times)
    worst = max(times)
    mfu = sum(mfus) / len(mfus)
    return mape + mfu, mape, worst, mfu


def show(params, result):
    obj, mape, worst, mfu = result
    print(f"objective {obj:.4f}  MAPE {100*mape:5.1f}%  worst {100*worst:5.1f}%  MFU {100*mfu:4.1f} pp  "
          + " ".join(f"{k}={v}" for k, v in params.items()), flush=True)


def main(argv):
    if argv and argv[0] == "--descend":
        grid = {}
        for a in argv[1:]:
            k, vs = a.split("=", 1)
            grid[k] = vs.split(",")
        current = {k: vs[0] for k, vs in grid.items()}
        best = evaluate(current)
        show(current, best)
        improved = True
        while improved:
            improved = False
            for k, values in grid.items():
                for v in values:
                    if v == current[k]:
                        continue
                    trial = dict(current, **{k: v})
                    r = evaluate(trial)
                    show(trial, r)
                    if r[0] < best[0]:
                        best, current, improved = r, trial, True
        print("best:")
        show(current, best)
    else:
        params = dict(a.split("=", 1) for a in argv)
        show(params, evaluate(params))


if __name__ == "__main__":
    main(sys.argv[1:])
