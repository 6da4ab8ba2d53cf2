"""Our local MiniLM embeddings as a Chroma embedding function, so Chroma never fetches its own model."""

from __future__ import annotations

from typing import Any

from chromadb.api.types import Documents, EmbeddingFunction, Embeddings, Space
from chromadb.utils.embedding_functions import register_embedding_function

from copilot.embeddings import LocalEmbedder, TextEmbedder

NAME = "arcopilot-local-minilm"


@register_embedding_function
class LocalEmbeddingFunction(EmbeddingFunction[Documents]):
    """Chroma's view of :class:`copilot.embeddings.LocalEmbedder` (all-MiniLM-L6-v2, on this machine).

    Registered under :data:`NAME`, so a collection Chroma reopens from its stored configuration is
    given this function again, never Chroma's default ONNX model (which it would download).
    Vectors have norm 1, hence cosine distance.
    """

    def __init__(self, embedder: TextEmbedder | None = None) -> None:
        self._embedder = embedder if embedder is not None else LocalEmbedder()

    def __call__(self, input: Documents) -> Embeddings:
        """One 384-dimension vector per document."""
        return list(self._embedder.encode(list(input)))

    @staticmethod
    def name() -> str:
        """The name Chroma stores in the collection's configuration."""
        return NAME

    def get_config(self) -> dict[str, Any]:
        """Nothing to configure: the model is the packaged one."""
        return {}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> LocalEmbeddingFunction:
        """The function again, from a stored (empty) configuration."""
        return LocalEmbeddingFunction()

    def default_space(self) -> Space:
        """Cosine: the vectors are normalised sentence embeddings."""
        return "cosine"

    def supported_spaces(self) -> list[Space]:
        """Cosine, or the equivalent inner product."""
        return ["cosine", "ip"]
