"""Prints one service's fuzz counts from Schemathesis' JSON report (scripts/fuzz.sh)."""
import glob, json, sys

name, report_dir, output = sys.argv[1:4]
reports = sorted(glob.glob(f"{report_dir}/*.json"))
if not reports:
    print(f"{name}: no report (Schemathesis did not finish); see {output}")
    sys.exit(1)
report = json.load(open(reports[-1]))
operations, cases = report["operations"], report["test_cases"]
print(f"{name}: operations {operations['tested']}/{operations['selected']} tested, "
      f"{cases['generated']} test cases, {cases['with_failures']} with failures, "
      f"{cases['unique_failures']} unique failures, {cases['errored']} errored; "
      f"{report.get('running_time', 0):.0f}s, seed {report.get('seed')}")
by_check = {}
for failure in report.get("failures", []):
    key = failure.get("title") or failure.get("type")
    by_check[key] = by_check.get(key, 0) + failure.get("count", 1)
for check, count in sorted(by_check.items()):
    print(f"  {check}: {count}")
for failure in report.get("failures", []):
    print(f"    - {failure.get('title')} ({failure.get('count')}): {', '.join(failure.get('operations', [])[:6])}")
for error in report.get("errors", []):
    print(f"  error: {error['title']} ({error['count']})")
