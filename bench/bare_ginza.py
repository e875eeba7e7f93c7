"""The baseline of the cold build: `spacy.load("ja_ginza")` and `nlp.pipe` over the same text, nothing else.

    python bench/bare_ginza.py [--build-settings] PATH...

The text is the build's own: the documents as the loader normalises them, in the chunks the
pipeline parses (Sudachi refuses inputs over ~49 kB, so no pass can take a long report whole).
By default the model runs as it comes: thinc on blis, numpy's BLAS with its own thread count,
`nlp.pipe`'s batches. --build-settings runs it as the build does (`extract.pipeline.load_ginza`
and `extract.parallel.parse` in one process: numpy's BLAS on one thread, a chunk at a time), to
tell the share of those settings from the share of the workers. Prints the characters parsed.
"""
import sys
from pathlib import Path

BUILD_SETTINGS = "--build-settings" in sys.argv
if BUILD_SETTINGS:
    import extract  # noqa: F401  (first, as in the build: it sets one BLAS thread before numpy loads)
import spacy  # noqa: E402  (otherwise first: numpy's BLAS keeps its default thread count)

from extract.loader import load_corpus  # noqa: E402
from extract.parallel import parse  # noqa: E402
from extract.pipeline import chunks, load_ginza  # noqa: E402

documents, _ = load_corpus([Path(arg) for arg in sys.argv[1:] if arg != "--build-settings"])
texts = [text for document in documents for _, text in chunks(document.text)]
if BUILD_SETTINGS:
    for _ in parse(load_ginza(), texts):
        pass
else:
    nlp = spacy.load("ja_ginza")
    for _ in nlp.pipe(texts):
        pass
print(sum(map(len, texts)))
