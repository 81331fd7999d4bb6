#!/usr/bin/env python3
"""Writes points.json (k6 --out json lines) and summary.json (handleSummary's data) for one
made-up run, following k6's documented formats; k6 itself cannot be installed here.
Summary statistics use k6's own algorithms (lib/metrics TrendSink: avg = sum/count, min, max,
med = P(0.5), p(N) = linear interpolation at N/100*(count-1) of the sorted values; Rate = trues/total).
Deterministic: python3 make_fixture.py writes the same files every time."""
import json, math, random
from datetime import datetime, timedelta, timezone

rnd = random.Random(20261207)
BASE = "http://127.0.0.1:18087"
ops = [("home", "/index.html", 200), ("item", "/item.txt", 200), ("missing", "/missing.html", 404)]
start = datetime(2026, 12, 7, 17, 50, 0, tzinfo=timezone(timedelta(hours=1)))

def ts(t):
    s = t.strftime("%Y-%m-%dT%H:%M:%S.%f")
    return s + "000" + t.strftime("%z")[:3] + ":" + t.strftime("%z")[3:]

lines = []
def metric(name, mtype, contains, thresholds=()):
    lines.append({"type": "Metric", "data": {"name": name, "type": mtype, "contains": contains,
        "thresholds": list(thresholds), "submetrics": None}, "metric": name})
def point(name, t, value, tags):
    lines.append({"type": "Point", "data": {"time": ts(t), "value": value, "tags": tags}, "metric": name})

declared = set()
DECL = {"http_reqs": ("counter", "default", ()), "http_req_duration": ("trend", "time", ("p(95)<500",)),
        "http_req_waiting": ("trend", "time", ()), "http_req_failed": ("rate", "default", ("rate<0.01",)),
        "iterations": ("counter", "default", ()), "iteration_duration": ("trend", "time", ())}
def emit(name, t, value, tags):
    if name not in declared:
        declared.add(name)
        metric(name, *DECL[name])
    point(name, t, value, tags)

durations = {"all": [], "ok": []}
failed = []
t = start
for it in range(120):
    vu = it % 2 + 1
    t0 = t
    for name, path, status in ops:
        d = round(rnd.lognormvariate(math.log(3 if status == 200 else 2), 0.6) + (40 if rnd.random() < 0.03 else 0), 3)
        t = t + timedelta(microseconds=int(d * 1000) + rnd.randint(100, 900))
        ok = status < 400
        tags = {"expected_response": "true" if ok else "false", "group": "", "method": "GET",
                "name": BASE + path, "proto": "HTTP/1.1", "scenario": "default", "status": str(status),
                "tls_version": "", "url": BASE + path}
        for m, v in (("http_reqs", 1), ("http_req_duration", d), ("http_req_waiting", round(d * 0.8, 3)),
                     ("http_req_failed", 0 if ok else 1)):
            emit(m, t, v, tags)
        durations["all"].append(d)
        if ok:
            durations["ok"].append(d)
        failed.append(0 if ok else 1)
    it_tags = {"group": "", "scenario": "default"}
    emit("iterations", t, 1, it_tags)
    emit("iteration_duration", t, round((t - t0).total_seconds() * 1000, 3), it_tags)
    t = t + timedelta(milliseconds=5)

def P(vals, pct):
    v = sorted(vals); i = pct * (len(v) - 1)
    j, k = v[math.floor(i)], v[math.ceil(i)]
    return j + (k - j) * (i - math.floor(i))
def trend(vals):
    return {"avg": sum(vals) / len(vals), "min": min(vals), "med": P(vals, 0.5), "max": max(vals),
            "p(90)": P(vals, 0.90), "p(95)": P(vals, 0.95)}

dur = (t - start).total_seconds()
p95 = P(durations["all"], 0.95)
rate = sum(failed) / len(failed)
summary = {"state": {"isStdOutTTY": False, "isStdErrTTY": False, "testRunDurationMs": dur * 1000},
    "metrics": {
        "http_req_duration": {"type": "trend", "contains": "time", "values": trend(durations["all"]),
                              "thresholds": {"p(95)<500": {"ok": p95 < 500}}},
        "http_req_duration{expected_response:true}": {"type": "trend", "contains": "time",
                              "values": trend(durations["ok"])},
        "http_reqs": {"type": "counter", "contains": "default",
                      "values": {"count": len(failed), "rate": len(failed) / dur}},
        "http_req_failed": {"type": "rate", "contains": "default",
                            "values": {"rate": rate, "passes": sum(failed), "fails": len(failed) - sum(failed)},
                            "thresholds": {"rate<0.01": {"ok": rate < 0.01}}},
        "iterations": {"type": "counter", "contains": "default", "values": {"count": 120, "rate": 120 / dur}}},
    "root_group": {"name": "", "path": "", "id": "d41d8cd98f00b204e9800998ecf8427e", "groups": [], "checks": []},
    "options": {"summaryTrendStats": ["avg", "min", "med", "max", "p(90)", "p(95)"], "summaryTimeUnit": "", "noColor": False}}
with open("points.json", "w") as f:
    for l in lines:
        f.write(json.dumps(l, separators=(",", ":")) + "\n")
with open("summary.json", "w") as f:
    json.dump(summary, f, indent=2)
    f.write("\n")
