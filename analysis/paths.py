"""Where the repository, its default corpus and the package's data files are, and how YAML is read.

Every file shipped in ``analysis/data`` is found one way, :func:`data_file`,
and read with :func:`read_data_yaml` (YAML) or ``data_file(name).read_text()``.

A notebook's kernel runs in the notebook's own folder and the package is
installed in editable mode, so neither the working directory nor ``..`` says
where the repository is. The root is the nearest folder, walking up, that holds
the book's ``_config.yml``.
"""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT_MARKER = "_config.yml"
#: The package's data files (lexicons, rules, schemes; each with its provenance).
DATA_DIR = Path(__file__).resolve().parent / "data"


def repo_root(start: Path | str | None = None) -> Path:
    """Return the repository root: the nearest ancestor holding ``_config.yml``.

    Parameters
    ----------
    start
        Folder to start from. By default the current working directory is tried
        first, then the folder this package is installed from.

    Returns
    -------
    pathlib.Path
        The absolute path of the root.

    Raises
    ------
    FileNotFoundError
        If no ancestor holds ``_config.yml``.
    """
    starts = [Path(start)] if start is not None else [Path.cwd(), Path(__file__).parent]
    for first in starts:
        for folder in [first.resolve(), *first.resolve().parents]:
            if (folder / ROOT_MARKER).is_file():
                return folder
    tried = ", ".join(str(s) for s in starts)
    raise FileNotFoundError(f"no {ROOT_MARKER} found above {tried}: not inside the book's repository")


def default_corpus_dir() -> Path:
    """Return the book's own corpus folder, ``<repo root>/seeds``."""
    return repo_root() / "seeds"


# libyaml's parser, where PyYAML was built with it, reads the same safe subset
# into the same objects about ten times faster than the pure-Python one; a
# corpus's cleaning.yaml can name thousands of documents.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(text: str):
    """``yaml.safe_load(text)``, by libyaml where PyYAML has it.

    Raises
    ------
    yaml.YAMLError
        If ``text`` is not valid YAML, worded by the pure-Python parser (libyaml
        words its errors differently, and users see these messages).
    """
    try:
        return yaml.load(text, Loader=_YAML_LOADER)
    except yaml.YAMLError:
        if _YAML_LOADER is yaml.SafeLoader:
            raise
        return yaml.safe_load(text)


def compose_yaml(text: str) -> yaml.Node | None:
    """``yaml.compose(text)``: the document's node tree, each node with its line, by libyaml where PyYAML has it.

    For messages that name the line of a key or item (``node.start_mark.line + 1``);
    :func:`construct_yaml` turns the tree into the objects :func:`read_yaml` gives.

    Raises
    ------
    yaml.YAMLError
        As :func:`read_yaml`, worded by the pure-Python parser.
    """
    try:
        return yaml.compose(text, Loader=_YAML_LOADER)
    except yaml.YAMLError:
        if _YAML_LOADER is yaml.SafeLoader:
            raise
        return yaml.compose(text, Loader=yaml.SafeLoader)


def construct_yaml(node: yaml.Node | None):
    """The objects ``yaml.safe_load`` makes of a composed ``node`` (``None`` for an empty document).

    Merge keys (``<<``) are resolved in the node tree itself, as PyYAML does, so
    the tree and the objects stay parallel.
    """
    return None if node is None else yaml.constructor.SafeConstructor().construct_document(node)


def data_file(name: str) -> Path:
    """The path of ``name`` in the package's data folder, ``analysis/data``.

    Examples
    --------
    >>> data_file("devices.yaml").name
    'devices.yaml'
    """
    return DATA_DIR / name


def read_data_yaml(name: str):
    """The YAML data file ``name`` of ``analysis/data``, read with :func:`read_yaml`."""
    return read_yaml(data_file(name).read_text(encoding="utf-8"))
