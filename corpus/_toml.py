"""tomllib on 3.11+, tomli before."""

try:  # pragma: no cover - depends on the interpreter
    import tomllib as toml
except ModuleNotFoundError:  # pragma: no cover
    import tomli as toml  # type: ignore[no-redef]

__all__ = ["toml"]
