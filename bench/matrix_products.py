"""How fast this machine multiplies the model's matrices: blis (thinc's default) against numpy's BLAS.

    OPENBLAS_NUM_THREADS=1 BLIS_ARCH_DEBUG=1 python bench/matrix_products.py

Prints the GFLOP/s of each on float32 matrices the size of the tok2vec layers (a batch of
2,000 tokens × 768 inputs, times 768 × 768), one thread each; blis names the kernels it chose
on stderr when BLIS_ARCH_DEBUG is set.
"""
import time

import numpy
from blis.py import gemm

RUNS = 20
rng = numpy.random.default_rng(0)
a = rng.random((2000, 768), dtype=numpy.float32)
b = rng.random((768, 768), dtype=numpy.float32)
flops = 2 * a.shape[0] * a.shape[1] * b.shape[1]


def rate(multiply) -> float:
    multiply(a, b)
    start = time.perf_counter()
    for _ in range(RUNS):
        multiply(a, b)
    return flops * RUNS / (time.perf_counter() - start) / 1e9


print(f"{rate(gemm):.1f} {rate(numpy.matmul):.1f}")
