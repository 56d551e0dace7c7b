"""The markdown table of an lsp_bench.py --json result: per metric and file,
asl-ls's median (p95) against the peer's, and the ratio peer / asl-ls."""
import json
import sys

NAMES = {
    "startup": "startup (spawn → initialize)",
    "open": "open → diagnostics",
    "edit": "edit → diagnostics",
    "compl_next": "completion in a `Next` value",
    "compl_field": "completion of a new field",
    "hover": "hover",
    "definition": "go to definition",
    "symbols": "document symbols",
    "rss": "peak RSS, all files open in turn (MiB)",
}


def main(path):
    data = json.load(open(path))
    this, other = data["results"]["this"], data["results"].get("other", {})
    files = [f["name"] for f in data["files"]]
    sizes = {f["name"]: f["bytes"] for f in data["files"]}

    def cell(results, metric, key):
        s = results.get(metric, {}).get(key)
        if not s or s.get("median") is None:
            return None
        scale = 1.0 if metric == "rss" else 1e3
        return s["median"] * scale, (s.get("p95") or s["median"]) * scale

    print("Machine: %d CPUs, %s; %s; %d runs after %d warm-up; medians (p95) in ms." % (
        data["machine"]["cpus"], data["machine"]["platform"], data["date_utc"],
        data["settings"]["runs"], data["settings"]["warmup"]))
    print()
    print("| metric | file | asl-ls | AWS peer | peer ÷ asl-ls |")
    print("|---|---|---:|---:|---:|")
    for metric, name in NAMES.items():
        keys = ["-"] if metric in ("startup", "rss") else files
        for key in keys:
            mine, theirs = cell(this, metric, key), cell(other, metric, key)
            if mine is None:
                continue
            label = "" if key == "-" else "%s (%.1f MB)" % (key.replace(".asl.json", ""), sizes[key] / 1e6)
            fmt = lambda c: "%.1f (%.1f)" % c if c else "not supported"
            ratio = "%.1f×" % (theirs[0] / mine[0]) if theirs and mine[0] > 0 else "–"
            print("| %s | %s | %s | %s | %s |" % (name, label, fmt(mine), fmt(theirs), ratio))


if __name__ == "__main__":
    main(sys.argv[1])
