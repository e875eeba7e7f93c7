"""Documents in, mentions and relations out (see extract/pipeline.py)."""
import os

# One OpenBLAS thread for the model's matrix products (extract/pipeline.load_nlp): its many
# small ones lose more to waking a second thread than the large ones gain, and `--workers`
# use the other cores. The count is read when numpy loads OpenBLAS, so it is set on import;
# a limit set later left the parse 30% slower (docs/benchmarks.md).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
