"""pandas reference for the ingest benchmark: read_csv + describe(include='all') on the same file.

Prints one JSON object: seconds for each step, pandas version and peak RSS of this process.
pandas' defaults are kept (no dtype or parse_dates hints): that is what an analyst types first.
"""
import json
import resource
import sys
import time

started = time.perf_counter()
import pandas as pd  # noqa: E402  (import time is reported apart)

imported = time.perf_counter()
cpu_start = time.process_time()
frame = pd.read_csv(sys.argv[1])
read = time.perf_counter()
summary = frame.describe(include="all")
described = time.perf_counter()
cpu = time.process_time() - cpu_start

print(
    json.dumps(
        {
            "pandas": pd.__version__,
            "importSeconds": imported - started,
            "readCsvSeconds": read - imported,
            "describeSeconds": described - read,
            "totalSeconds": described - imported,
            # CPU seconds of read_csv + describe (all threads): robust to other load on the machine.
            "cpuSeconds": cpu,
            "rows": int(frame.shape[0]),
            "columns": int(frame.shape[1]),
            "dtypes": {name: str(t) for name, t in frame.dtypes.items()},
            # ru_maxrss is in KiB on Linux.
            "peakRssBytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
            "describedColumns": int(summary.shape[1]),
        }
    )
)
