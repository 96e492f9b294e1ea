#!/usr/bin/env python3
"""Calibration driver (documented in docs/calibration.md): runs `./tpusim validate --set ...` for a
parameter set and prints the objective: mean |relative error| over the time figures plus mean |MFU error|
(as a fraction), over the paper's calibration set. Table 1 (memory) does not depend on these parameters
and is left out of the objective.

usage: docs/calibrate.py KEY=VALUE ...             evaluate one set (per-source errors too)
       docs/calibrate.py --descend KEY=V1,V2,...   coordinate descent over the listed candidate values
                                                   (the first is the start)
       docs/calibrate.py --cv [KEY=VALUE ...]      leave-one-source-out cross-validation over every set
                                                   evaluated with this build: for every source group, the set
                                                   that fits all other groups best, and its error on the group
                                                   left out; KEY=VALUE restricts the pool to the sets evaluated
                                                   with those values (e.g. a mechanism switched off), to compare
                                                   the cross-validated error with and without it

Every evaluation is cached in docs/calibration-cache.json (keyed by the parameter set and a digest of
the simulator jar and the paper scenarios, so a code change invalidates it); --cv selects among them.
"""
import csv
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CACHE = os.path.join(ROOT, "docs", "calibration-cache.json")

# Source groups for cross-validation: each published source is left out as a whole.
GROUPS = [
    ("Table 2", lambda s: s.startswith("Table 2")),
    ("Table D.2", lambda s: s.startswith("Table D.2")),
    ("Figure 1", lambda s: s.startswith("Figure 1")),
    ("Figure 6", lambda s: s.startswith("Figure 6")),
    ("Figure 7", lambda s: s.startswith("Figure 7")),
    ("Figure 8", lambda s: s.startswith("Figure 8")),
    ("Sec. 1", lambda s: s.startswith("Sec. 1")),
    ("Sec. 4.3/4.4", lambda s: s.startswith("Sec. 4.")),
]


def group_of(source):
    for name, match in GROUPS:
        if match(source):
            return name
    return None


def code_version():
    """A digest of the simulator jar's contents (code and the bundled chip catalog, not its timestamps) and the
    paper scenarios."""
    import glob
    import hashlib
    import zipfile
    h = hashlib.sha1()
    for jar in sorted(glob.glob(os.path.join(ROOT, "simulator", "target", "*.jar"))):
        with zipfile.ZipFile(jar) as z:
            for name in sorted(z.namelist()):
                if not name.startswith("META-INF/"):
                    h.update(name.encode())
                    h.update(z.read(name))
    for path in sorted(glob.glob(os.path.join(ROOT, "scenarios", "paper", "*.yaml"))):
        with open(path, "rb") as f:
            h.update(f.read())
    return h.hexdigest()[:12]


def load_cache():
    if os.path.exists(CACHE):
        with open(CACHE) as f:
            return json.load(f)
    return {}


def save_cache(cache):
    with open(CACHE, "w") as f:
        json.dump(cache, f, indent=0, sort_keys=True)


_cache = None


def rows_for(params):
    """Per-point rows [group, scenario, key, error, is_mfu] of one validate run (cached)."""
    global _cache
    if _cache is None:
        _cache = load_cache()
    key = code_version() + " " + " ".join(f"{k}={v}" for k, v in sorted(params.items()))
    if key in _cache:
        return _cache[key]
    out = tempfile.mkdtemp(prefix="tpusim-cal-")
    # the jar directly (not the ./tpusim launcher, which rebuilds when sources are newer than the jar)
    cmd = ["java", "-jar", os.path.join(ROOT, "reports", "target", "tpusim.jar"), "validate", "--out", out,
           "--scenarios", os.path.join(ROOT, "scenarios", "paper")]
    for k, v in params.items():
        cmd += ["--set", f"{k}={v}"]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    rows = []
    with open(os.path.join(out, "validation", "validation.csv")) as f:
        for row in csv.DictReader(f):
            g = group_of(row["source"])
            if g is None:  # Table 1 (memory) does not depend on these parameters
                continue
            rows.append([g, row["scenario"], row["key"], float(row["error_simulated"]),
                         row["error_unit"] != "relative"])
    _cache[key] = rows
    save_cache(_cache)
    return rows


def score(rows, keep=lambda g: True):
    times = [abs(r[3]) for r in rows if keep(r[0]) and not r[4]]
    mfus = [abs(r[3]) for r in rows if keep(r[0]) and r[4]]
    mape = sum(times) / len(times) if times else 0.0
    mfu = sum(mfus) / len(mfus) if mfus else 0.0
    return mape + mfu, mape, max(times) if times else 0.0, mfu, max(mfus) if mfus else 0.0


def show(params, rows, label=""):
    obj, mape, worst, mfu, worst_mfu = score(rows)
    print(f"{label}objective {obj:.4f}  MAPE {100*mape:5.1f}%  worst {100*worst:5.1f}%  MFU {100*mfu:4.1f} pp "
          f"(worst {100*worst_mfu:4.1f})  " + " ".join(f"{k}={v}" for k, v in params.items()), flush=True)


def descend(grid, keep=lambda g: True, verbose=True):
    current = {k: vs[0] for k, vs in grid.items()}
    best = score(rows_for(current), keep)[0]
    if verbose:
        show(current, rows_for(current))
    improved = True
    while improved:
        improved = False
        for k, values in grid.items():
            for v in values:
                if v == current[k]:
                    continue
                trial = dict(current, **{k: v})
                r = rows_for(trial)
                if verbose:
                    show(trial, r)
                s = score(r, keep)[0]
                if s < best:
                    best, current, improved = s, trial, True
    return current


def per_group(rows):
    print(f"{'source':14} {'times':>5} {'mean':>7} {'worst':>7} {'MFUs':>5} {'mean pp':>8} {'worst pp':>8}")
    for name, _ in GROUPS:
        obj, mape, worst, mfu, wm = score(rows, lambda g: g == name)
        nt = sum(1 for r in rows if r[0] == name and not r[4])
        nm = sum(1 for r in rows if r[0] == name and r[4])
        print(f"{name:14} {nt:5d} {100*mape:6.1f}% {100*worst:6.1f}% {nm:5d} {100*mfu:8.1f} {100*wm:8.1f}")


def pool(only=None):
    """Every parameter set evaluated with the current build, restricted to those with the KEY=VALUE pairs of
    `only` given explicitly: {label: rows}."""
    global _cache
    if _cache is None:
        _cache = load_cache()
    version = code_version() + " "
    sets = {k[len(version):]: v for k, v in _cache.items() if k.startswith(version)}
    if only:
        sets = {k: v for k, v in sets.items() if all(f"{a}={b}" in k.split() for a, b in only.items())}
    return sets


def cross_validate(only=None):
    """
    Leave-one-source-out over the pool of evaluated sets: for each source group, the set with the lowest objective
    on all the other groups is 'the fit without it', and its error on the group left out is the cross-validated
    error. The pool is every set evaluated with this build (the descents' paths, grids); selecting within it costs
    no new runs. In-sample: the set with the lowest objective on everything.
    """
    sets = pool(only)
    if not sets:
        sys.exit("no evaluations for this build in " + CACHE + "; run --descend first")
    best = lambda keep: min(sets, key=lambda k: score(sets[k], keep)[0])
    full = best(lambda g: True)
    print(f"pool: {len(sets)} evaluated parameter sets")
    print("in-sample fit (all groups): " + full)
    show({}, sets[full], "  ")
    per_group(sets[full])
    print("\nleave-one-source-out: selected on the others, error on the one left out")
    print(f"{'left out':14} {'times':>5} {'CV mean':>8} {'CV worst':>8} {'in-sample':>9} {'MFUs':>5} "
          f"{'CV pp':>6} {'in-sample':>9}  fit without it (differences)")
    pooled_t, pooled_m = [], []
    full_kv = dict(x.split("=", 1) for x in full.split())
    for name, _ in GROUPS:
        fit = best(lambda g, n=name: g != n)
        held = [r for r in sets[fit] if r[0] == name]
        ins = [r for r in sets[full] if r[0] == name]
        _, mape, worst, mfu, _ = score(held)
        _, imape, _, imfu, _ = score(ins)
        pooled_t += [abs(r[3]) for r in held if not r[4]]
        pooled_m += [abs(r[3]) for r in held if r[4]]
        nt = sum(1 for r in held if not r[4])
        nm = sum(1 for r in held if r[4])
        diff = " ".join(x for x in fit.split() if full_kv.get(x.split("=", 1)[0]) != x.split("=", 1)[1]) \
            or "(same)"
        print(f"{name:14} {nt:5d} {100*mape:7.1f}% {100*worst:7.1f}% {100*imape:8.1f}% {nm:5d} {100*mfu:6.1f} "
              f"{100*imfu:9.1f}  {diff}", flush=True)
    print(f"{'pooled':14} {len(pooled_t):5d} {100*sum(pooled_t)/len(pooled_t):7.1f}% {100*max(pooled_t):7.1f}% "
          f"{'':9} {len(pooled_m):5d} {100*sum(pooled_m)/len(pooled_m):6.1f}")


def parse_grid(args):
    grid = {}
    for a in args:
        k, vs = a.split("=", 1)
        grid[k] = vs.split(",")
    return grid


def main(argv):
    if argv and argv[0] == "--descend":
        best = descend(parse_grid(argv[1:]))
        print("best:")
        show(best, rows_for(best))
        per_group(rows_for(best))
    elif argv and argv[0] == "--cv":
        cross_validate(dict(a.split("=", 1) for a in argv[1:]))
    else:
        params = dict(a.split("=", 1) for a in argv)
        rows = rows_for(params)
        show(params, rows)
        per_group(rows)


if __name__ == "__main__":
    main(sys.argv[1:])
