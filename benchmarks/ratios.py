#!/usr/bin/env python3
"""Prints every goal of issue 7 from a JMH JSON result: baseline and ours (score +- error, same
run), the ratio baseline/ours (for T3: ours/walk), its range from the error bars, the median and
worst of the per-fork ratios (each fork's median iteration; the gate of performance.md section 4)
and the target.
Usage: python3 benchmarks/ratios.py benchmarks/target/jmh-quick.json"""
import json
import statistics
import sys

GOALS = [
    # id, benchmark suffix, fixed params, param name, baseline value, ours value, target, kind
    ("K1", "KmapBench.pair1", {"pages": "64"}, "impl", "faithful", "ours", 1.5, "speedup"),
    ("K2", "KmapBench.pair2", {"pages": "64"}, "impl", "faithful", "ours", 3.0, "speedup"),
    ("K3", "KmapBench.pair2", {"pages": "4096"}, "impl", "faithful", "ours", 2.5, "speedup"),
    ("K4", "KmapLocalBench.pair1", {}, "impl", "faithful-kmap", "kmap_local", 4.0, "speedup"),
    ("K4 2T", "KmapLocalBench.pair2", {}, "impl", "faithful-kmap", "kmap_local", 8.0, "speedup"),
    ("V1", "VmallocBench.fixSize", {}, "impl", "faithful", "ours", 1.0, "speedup"),
    ("V2", "LongBusyList.iteration", {"n": "15000"}, "impl", "faithful", "ours", 30, "speedup"),
    ("V3", "LongBusyList.iteration", {"n": "100000"}, "impl", "faithful", "ours", 100, "speedup"),
    ("V4", "LongBusyList.iteration", {"n": "1000000"}, "impl", "faithful", "ours", 500, "speedup"),
    ("V6 rnd", "VmallocBench.randomSize", {}, "impl", "faithful", "ours", 1.0, "speedup"),
    ("V6 aln", "VmallocBench.fixAlign", {}, "impl", "faithful", "ours", 1.0, "speedup"),
    ("T1 x86", "TranslateBench.hit", {"format": "x86"}, "impl", "walk", "tlb", 2.0, "speedup"),
    ("T2 PAE", "TranslateBench.hit", {"format": "pae"}, "impl", "walk", "tlb", 4.0, "speedup"),
    ("T2 ARM", "TranslateBench.hit", {"format": "arm"}, "impl", "walk", "tlb", 4.0, "speedup"),
    ("mix x86", "TranslateBench.mix", {"format": "x86"}, "impl", "walk", "tlb", 1.8, "speedup"),
    ("mix PAE", "TranslateBench.mix", {"format": "pae"}, "impl", "walk", "tlb", 3.0, "speedup"),
    ("mix ARM", "TranslateBench.mix", {"format": "arm"}, "impl", "walk", "tlb", 3.0, "speedup"),
    ("T3 x86", "TranslateBench.miss", {"format": "x86"}, "impl", "walk", "tlb", 1.3, "cost"),
    ("T3 PAE", "TranslateBench.miss", {"format": "pae"}, "impl", "walk", "tlb", 1.3, "cost"),
    ("T3 ARM", "TranslateBench.miss", {"format": "arm"}, "impl", "walk", "tlb", 1.3, "cost"),
]


def find(results, suffix, params):
    for r in results:
        if r["benchmark"].endswith(suffix) and all(
                r.get("params", {}).get(k) == v for k, v in params.items()):
            m = r["primaryMetric"]
            err = m.get("scoreError")
            err = 0.0 if err in (None, "NaN") or err != err else float(err)
            forks = [statistics.median(f) for f in m.get("rawData", []) if f]
            return float(m["score"]), err, m["scoreUnit"], forks
    return None


def fork_ratios(b_forks, o_forks, kind):
    """Per-fork ratios (median iteration of fork i, baseline vs ours), section 4's gate."""
    pairs = list(zip(b_forks, o_forks))
    if kind == "speedup":
        return [b / o for b, o in pairs if o > 0]
    return [o / b for b, o in pairs if b > 0]


def main(path):
    results = json.load(open(path))
    print("%-8s %-26s %22s %22s %8s %18s %13s %7s" % (
        "goal", "benchmark", "baseline", "ours", "ratio", "range", "forks med/worst", "target"))
    for gid, suffix, fixed, pname, base, ours, target, kind in GOALS:
        b = find(results, suffix, dict(fixed, **{pname: base}))
        o = find(results, suffix, dict(fixed, **{pname: ours}))
        if b is None or o is None:
            print("%-8s %-26s not in this run" % (gid, suffix))
            continue
        (bs, be, unit, bf), (os_, oe, _, of) = b, o
        if kind == "speedup":
            ratio = bs / os_
            lo = max(bs - be, 1e-9) / (os_ + oe)
            hi = (bs + be) / max(os_ - oe, 1e-9)
            ok = ratio >= target
            tgt = ">=%g" % target
        else:
            ratio = os_ / bs
            lo = max(os_ - oe, 1e-9) / (bs + be)
            hi = (os_ + oe) / max(bs - be, 1e-9)
            ok = ratio <= target
            tgt = "<=%g" % target
        den_lo = (os_ - oe) if kind == "speedup" else (bs - be)
        rng = "%.2f..%s" % (lo, "%.2f" % hi if den_lo > 0 else "unbounded")
        fr = fork_ratios(bf, of, kind)
        forks = "%.2f/%.2f" % (statistics.median(fr), min(fr) if kind == "speedup" else max(fr)) \
            if fr else "-"
        print("%-8s %-26s %11.3f+-%-9.3f %11.3f+-%-9.3f %8.2f %18s %13s %7s %-6s %s" % (
            gid, suffix, bs, be, os_, oe, ratio, rng, forks, tgt, unit, "met" if ok else "NOT met"))


def extras(results):
    """Round two's goals that are not a baseline/ours pair: K2 scaling, L1 absolute, floors."""
    one = find(results, "KmapBench.pair1", {"pages": "64", "impl": "ours"})
    two = find(results, "KmapBench.pair2", {"pages": "64", "impl": "ours"})
    if one and two:
        agg = 2 * one[0] / two[0]
        print("%-8s %-26s 1T %.3f ns, 2T %.3f ns per thread: 2T aggregate = %.2fx 1T "
              "(target >=1.6) %s" % ("K2 scale", "KmapBench ours 64", one[0], two[0], agg,
                                     "met" if agg >= 1.6 else "NOT met"))
    c1 = find(results, "CalibrationBench.twoCas", {})
    c2 = find(results, "CalibrationBench.twoCasShared2", {})
    if c1 and c2:
        print("%-8s %-26s 1T %.3f ns, 2T shared %.3f ns per thread: 2T aggregate = %.2fx 1T"
              % ("floor K2", "CalibrationBench", c1[0], c2[0], 2 * c1[0] / c2[0]))
    c3 = find(results, "CalibrationBench.twoCasPrivate2", {})
    if c1 and c3:
        print("%-8s %-26s 1T %.3f ns, 2T private %.3f ns per thread: 2T aggregate = %.2fx 1T"
              % ("ceil K2", "CalibrationBench", c1[0], c3[0], 2 * c1[0] / c3[0]))
    for name in ("twoPlain", "fillFence"):
        c = find(results, "CalibrationBench." + name, {})
        if c:
            print("%-8s %-26s %.3f+-%.3f ns" % ("calib", "CalibrationBench." + name, c[0], c[1]))
    k4 = find(results, "KmapLocalBench.pair1", {"impl": "kmap_local"})
    if k4:
        print("%-8s %-26s %.3f+-%.3f ns (target <=3 ns) %s" % (
            "K4 abs", "KmapLocalBench.pair1", k4[0], k4[1], "met" if k4[0] <= 3 else "NOT met"))
    for arch in ("arm", "x86"):
        for bench in ("warm", "sweep"):
            r = find(results, "LayoutBench." + bench, {"arch": arch})
            if r:
                print("%-8s %-26s %.2f+-%.2f %s%s" % (
                    "L1 " + arch, "LayoutBench." + bench, r[0], r[1], r[2],
                    " (target <=20 us) " + ("met" if r[0] <= 20 else "NOT met")
                    if bench == "warm" else ""))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "benchmarks/target/jmh-quick.json")
    extras(json.load(open(sys.argv[1] if len(sys.argv) > 1 else "benchmarks/target/jmh-quick.json")))
