"""Documents in, mentions and relations out (see extract/pipeline.py)."""
import os

# One OpenBLAS thread for the model's matrix products (extract/pipeline.load_ginza): its many
# small ones lose more to waking a second thread than the large ones gain, and `--workers` use
# the other cores. It is set on import because OpenBLAS starts its threads when numpy loads it:
# a limit set later leaves them there, and a second thread slows the parse (extract/parallel.py).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
