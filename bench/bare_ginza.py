"""The baseline of the cold build: `spacy.load("ja_ginza")` and `nlp.pipe` over the same text, nothing else.

    python bench/bare_ginza.py PATH...

The text is the build's own: the documents as the loader normalises them, in the chunks the
pipeline parses (Sudachi refuses inputs over ~49 kB, so no pass can take a long report whole).
Prints the number of characters parsed.
"""
import sys
from pathlib import Path

import spacy

from extract.loader import load_corpus
from extract.pipeline import chunks

documents, _ = load_corpus([Path(arg) for arg in sys.argv[1:]])
texts = [text for document in documents for _, text in chunks(document.text)]
nlp = spacy.load("ja_ginza")
for _ in nlp.pipe(texts):
    pass
print(sum(map(len, texts)))
