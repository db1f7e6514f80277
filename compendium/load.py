"""Step 1 of the pipeline: read every content file into plain data, remembering where each value stands.

YAML is parsed with PyYAML's safe composer, then walked by hand so that duplicate keys and
anchors/aliases are refused (PyYAML keeps the last duplicate silently, and aliases allow
"billion laughs" documents), and so that every value keeps its line and column for messages.
Deep nesting is refused before composing (PyYAML's composer recurses), and a value YAML cannot
build (an impossible date such as 2025-02-30) is a problem at that value, never a crash.

Each file is parsed once. Anchors, aliases and tags can only start where a token starts, and nesting cannot go
deeper than a bound read from the text's indentation and brackets: a file whose text shows neither is composed
straight away (the tree walk then checks the nesting exactly); any other file, and any file YAML refuses, takes
the careful path of an event pass before composing, so every message and position is as that pass gives it.
"""
from __future__ import annotations

import contextlib
import gc
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import ContentError, Problem
from .model import SLUG

# libyaml (PyYAML's C parser, in its wheels) reads content about ten times faster than pure Python.
# When it finds a problem, the file is read again by the pure-Python parser, whose messages say more.
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _QuickResolver:
    """PyYAML's tag resolution (an untagged plain '12' is an int, 'yes' a bool), without its bookkeeping for path
    resolvers, which a safe loader has none of: libyaml's composer asks once per value."""

    def descend_resolver(self, current_node, current_index) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None

    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode and implicit[0]:
            for tag, regexp in self._implicit_by_first.get(value[:1], self._implicit_anywhere):
                if regexp.match(value):
                    return tag
        return self._default_tags.get(kind)


if FAST_LOADER is not yaml.SafeLoader and not FAST_LOADER.yaml_path_resolvers:
    _anywhere = list(FAST_LOADER.yaml_implicit_resolvers.get(None, []))
    FAST_LOADER = type("QuickCSafeLoader", (_QuickResolver, FAST_LOADER), {
        "_implicit_by_first": {first: [*resolvers, *_anywhere]
                               for first, resolvers in FAST_LOADER.yaml_implicit_resolvers.items() if first is not None},
        "_implicit_anywhere": _anywhere,
        "_default_tags": {yaml.ScalarNode: FAST_LOADER.DEFAULT_SCALAR_TAG,
                          yaml.SequenceNode: FAST_LOADER.DEFAULT_SEQUENCE_TAG,
                          yaml.MappingNode: FAST_LOADER.DEFAULT_MAPPING_TAG}})
MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 20  # content nests four levels at most; PyYAML's composer recurses once a level
# A file whose text could nest deeper than this is never composed before the event pass has checked it: libyaml's
# composer recurses in C and crashes (rather than raising) some thousands of levels down.
COMPOSE_GUARD = 100
_BREAK = "\r\n\x85\u2028\u2029"  # YAML's line breaks
# An anchor (&), an alias (*) or a tag (!) can only start a token: at a line's start or after an indicator, either
# followed by blanks. Inside a plain or quoted scalar ("R & D", "a *word*") it starts none. Over-matching only
# sends a file down the careful path.
_PROPERTY_CHARACTER = re.compile("[&*!]")
_BEFORE_TOKEN = _BREAK + "[]{},:?-"
_MAYBE_DOCUMENTS = re.compile(f"(?:^|[{_BREAK}])(?:---|\\.\\.\\.|%)")  # document markers and directives
FILE_STEM = SLUG  # as ids are written: a file's name is its id
Position = tuple[int, int]
KeyPath = tuple[object, ...]


@dataclass
class Document:
    """One YAML file's data, with the position of every key and value in it."""

    path: str
    data: object
    relative: str = ""  # the path inside the content folder, e.g. practice/peel-2023-25/leadership/x.yaml
    positions: dict[KeyPath, Position] = field(default_factory=dict)
    key_positions: dict[KeyPath, Position] = field(default_factory=dict)
    # What validate made of the file, by model and place: a file the preview keeps between checks, unchanged, is
    # converted once and gives the very same model each time.
    models: dict = field(default_factory=dict, compare=False, repr=False)

    def position(self, key_path: KeyPath) -> Position:
        """Where the value at key_path (or its nearest existing parent) stands; (1, 1) at worst."""
        for end in range(len(key_path), -1, -1):
            if key_path[:end] in self.positions:
                return self.positions[key_path[:end]]
        return (1, 1)

    def problem(self, key_path: KeyPath, message: str, at_key: bool = False) -> Problem:
        """A problem at the value of key_path, or at its key when at_key (e.g. an unknown field)."""
        line, column = self.key_positions.get(key_path) if at_key and key_path in self.key_positions \
            else self.position(key_path)
        return Problem(self.path, line, column, message)


@dataclass
class RawContent:
    """Every content file, read but not yet checked."""

    meta: Document | None
    themes: Document | None
    source_notes: Document | None
    frameworks: list[Document]
    forces: list[Document]
    cards: list[Document]
    reports: list[Document] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


# The folders of content files (reports/ may be absent: a compendium need not hold full reports), and how a file
# that is almost a content file is named.
FOLDERS = ("frameworks", "forces", "practice", "reports")
OPTIONAL_FOLDERS = ("reports",)
LOOKS_LIKE_YAML = re.compile(r"\.ya?ml(\.[^.]+)?$|\.ya?ml~$", re.IGNORECASE)


def load_content(content_dir: Path, parsed: dict | None = None) -> RawContent:
    """Read the whole content folder. Raises ContentError listing every file that cannot be read.

    parsed, a dict kept between calls (the preview's), holds each file read with its modification time and size:
    a file unchanged since is not parsed again."""
    content_dir = Path(content_dir)
    if not content_dir.is_dir():
        raise ContentError([Problem(_display(content_dir), None, None, "content folder not found")])
    problems: list[Problem] = []
    warnings: list[Problem] = []
    real_folders: dict[str, str] = {}  # each folder's real path, read once for all its files

    def read_one(name: str) -> Document | None:
        path = content_dir / name
        if not path.exists():
            problems.append(Problem(_display(path), None, None, "required file is missing"))
            return None
        return _read_or_note(path, content_dir, problems, real_folders, parsed)

    def read_all(folder: str) -> list[Document]:
        if folder in OPTIONAL_FOLDERS and not (content_dir / folder).exists():
            return []
        paths = content_files(content_dir / folder, problems, warnings)
        documents = [_read_or_note(path, content_dir, problems, real_folders, parsed) for path in paths]
        return [document for document in documents if document is not None]

    with collector_paused():
        raw = RawContent(
            meta=read_one("compendium.yaml"),
            themes=read_one("themes.yaml"),
            source_notes=read_one("source-notes.yaml"),
            frameworks=read_all("frameworks"),
            forces=read_all("forces"),
            cards=read_all("practice"),
            reports=read_all("reports"),
            warnings=warnings,
        )
    if problems:
        raise ContentError(problems)
    return raw


@contextlib.contextmanager
def collector_paused():
    """Python's cycle collector paused while the content is read and checked: that makes some hundred thousand
    objects that outlive the read (values, positions, models), and the collector would walk them again and again,
    finding nothing to free (a tenth of the time). It runs as usual afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def content_files(folder: Path, problems: list[Problem], warnings: list[Problem]) -> list[Path]:
    """Every file in a content folder and below, in order. A missing or unreadable folder, a linked folder and a
    file named almost like a content file (kent.yml, kent.yaml.txt) are problems; any other stray file a warning."""
    if not folder.is_dir():
        problems.append(Problem(_display(folder), None, None, f"folder not found: the content needs a '{folder.name}/' "
                                                              "folder (it may be empty only if it has no files yet)"
                        if not folder.exists() else "is not a folder"))
        return []

    def unreadable(error: OSError) -> None:
        problems.append(Problem(_display(Path(error.filename)), None, None,
                                f"folder cannot be read ({(error.strerror or 'error').lower()})"))

    found = []
    for parent, folders, files in os.walk(folder, onerror=unreadable):
        for name in sorted(folders):
            if name.endswith(".yaml"):
                problems.append(Problem(_display(Path(parent) / name), None, None,
                                        "is not a file; content files are plain '.yaml' files"))
            if (Path(parent) / name).is_symlink():
                problems.append(Problem(_display(Path(parent) / name), None, None,
                                        "is a link to a folder; content folders must be real folders"))
        folders[:] = sorted(name for name in folders if not (Path(parent) / name).is_symlink())
        for name in sorted(files):
            path = Path(parent) / name
            if name.endswith(".yaml") or (path.is_symlink() and not path.exists()):
                found.append(path)
            elif LOOKS_LIKE_YAML.search(name):
                stem = LOOKS_LIKE_YAML.sub("", name)
                problems.append(Problem(_display(path), None, None, f"content files must end in '.yaml'; "
                                                                    f"rename it to '{stem}.yaml'"))
            else:
                warnings.append(Problem(_display(path), None, None, "is not a content file (content files end in "
                                                                    "'.yaml') and was left out"))
    return found


def _read_or_note(path: Path, content_dir: Path, problems: list[Problem], real_folders: dict[str, str],
                  parsed: dict | None = None) -> Document | None:
    try:
        if parsed is None:
            return read_document(path, content_dir, real_folders)
        status = path.stat()
        stamp = (status.st_mtime_ns, status.st_size)
        if parsed.get(path, (None,))[0] != stamp:
            parsed[path] = (stamp, read_document(path, content_dir, real_folders))
        return parsed[path][1]
    except ContentError as error:
        problems.extend(error.problems)
        return None


def read_document(path: Path, content_dir: Path | None = None, real_folders: dict[str, str] | None = None) \
        -> Document:
    """Read one YAML file. Raises ContentError with the file's position of the first problem."""
    shown = _display(path)
    if content_dir is not None and not _inside(path, content_dir, real_folders):
        raise ContentError([Problem(shown, None, None, "is a link to a file outside the content folder")])
    if not path.is_file():
        raise ContentError([Problem(shown, None, None, "is a link to a file that does not exist" if path.is_symlink()
                                    else "is not a file; content files are plain '.yaml' files")])
    if path.suffix != ".yaml":
        raise ContentError([Problem(shown, None, None, "content files must end in '.yaml'")])
    if not FILE_STEM.fullmatch(path.stem):
        example = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-") or "kent-video-calls"
        raise ContentError([Problem(shown, None, None, f"file name '{path.name}' must be lowercase letters, "
                                                       f"digits and hyphens (e.g. '{example}.yaml')")])
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ContentError([Problem(shown, None, None, f"file is larger than {MAX_FILE_BYTES:,} bytes")])
        raw_bytes = path.read_bytes()
    except OSError as error:
        raise ContentError([Problem(shown, None, None, f"file cannot be read ({(error.strerror or 'error').lower()})")])
    document = parse_yaml(_decode(raw_bytes, shown), shown)
    if content_dir is not None:
        document.relative = path.relative_to(content_dir).as_posix()
    return document


def parse_yaml(text: str, shown_path: str, loader_class=FAST_LOADER) -> Document:
    """Parse YAML text into a Document, refusing duplicate keys, aliases and deep nesting."""
    bound = _nesting_bound(text) if loader_class is FAST_LOADER else None
    if bound is not None and bound <= COMPOSE_GUARD:
        document = _compose_plain(text, shown_path, loader_class, shallow=bound <= MAX_DEPTH)
        if document is not None:
            return document
    return _parse_carefully(text, shown_path, loader_class)


def _nesting_bound(text: str) -> int | None:
    """How deep the text could nest at most, or None if it may hold an anchor, alias, tag or several documents.

    A block collection inside another starts further right, but for a list written level with its key
    ('key:' then '- item'): so block nesting is at most twice the widest block indentation plus one. A flow
    collection takes a bracket each, and holds no block collection."""
    if _may_hold_property(text) or (("---" in text or "..." in text or "%" in text)
                                    and _MAYBE_DOCUMENTS.search(text)):
        return None
    # a line's block indentation: its spaces and the '- ', '? ', ': ' before its first node (splitlines() breaks
    # at every YAML line break, and at a few more characters: a wider count, never a narrower one)
    widest = max((len(line) - len(line.lstrip(" \t-?:")) for line in text.splitlines()), default=0)
    return 2 * (widest + 1) + text.count("[") + text.count("{")


def _may_hold_property(text: str) -> bool:
    """Whether an &, * or ! stands where a token may start: after nothing but blanks since a line break or an
    indicator (or the start of the text)."""
    if "&" not in text and "*" not in text and "!" not in text:
        return False
    for found in _PROPERTY_CHARACTER.finditer(text):
        start = found.start()
        before = text[max(0, start - 100):start].rstrip(" \t\ufeff")
        if not before or before[-1] in _BEFORE_TOKEN:  # (100 blanks before it: taken as a token start too)
            return True
    return False


class _TooDeep(Exception):
    """Nesting deeper than MAX_DEPTH, found while walking a composed file: the careful path reports it."""


def _compose_plain(text: str, shown_path: str, loader_class, shallow: bool) -> Document | None:
    """One compose, for a text that holds no anchor, alias or tag, and nests at most COMPOSE_GUARD levels (or
    MAX_DEPTH, when shallow). None when the careful path must answer instead: YAML refused the text (its messages
    come from the event pass and the pure-Python parser), or it may nest too deep (then a problem the walk found
    first is not the one the event pass finds first)."""
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise ContentError([Problem(shown_path, 1, 1, "file is empty")])
        document = Document(shown_path, None)
        document.data = _walk(node, (), loader, document)
        return document
    except (yaml.YAMLError, _TooDeep):
        return None
    except ContentError:
        if shallow:
            raise
        return None
    finally:
        loader.dispose()


def _parse_carefully(text: str, shown_path: str, loader_class) -> Document:
    """The event pass (anchors, aliases, tags, depth, in the order they are written), then the compose."""
    loader = None
    try:
        _refuse_unsafe_events(text, shown_path, loader_class)
        loader = loader_class(text)
        node = loader.get_single_node()
        if node is None:
            raise ContentError([Problem(shown_path, 1, 1, "file is empty")])
        document = Document(shown_path, None)
        document.data = _walk(node, (), loader, document)
        return document
    except yaml.YAMLError as error:
        if loader_class is not yaml.SafeLoader:
            return parse_yaml(text, shown_path, yaml.SafeLoader)
        raise _explain_yaml_error(text, shown_path, error) from None
    finally:
        if loader is not None:
            loader.dispose()


def _explain_yaml_error(text: str, shown_path: str, error: yaml.YAMLError) -> ContentError:
    """PyYAML's (pure-Python) complaint as one line at its position."""
    if isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        message = error.problem or error.context or "not valid YAML"
        if "'\\t'" in message:
            message = "a tab character; indent with spaces, not tabs"
        elif message == "mapping values are not allowed here":
            message = _explain_stray_colon(text.splitlines()[mark.line] if mark.line < len(text.splitlines()) else "",
                                           mark.column)
        elif message.startswith("expected <block end>, but found '<block mapping start>'"):
            line = error.context_mark.line + 1 if error.context_mark else mark.line
            return ContentError([Problem(shown_path, mark.line + 1, mark.column + 1,
                                         f"this line is indented more than the field above it (the fields from "
                                         f"line {line} on are lined up further left); line it up with them")])
        elif error.context and error.problem and error.context_mark and error.context_mark.line != mark.line:
            # the mistake is often where the context began (an unclosed list, a key without ': ')
            message += f" ({error.context} that starts at line {error.context_mark.line + 1}, " \
                       f"column {error.context_mark.column + 1})"
        return ContentError([Problem(shown_path, mark.line + 1, mark.column + 1, f"YAML syntax: {message}")])
    if isinstance(error, yaml.reader.ReaderError):  # control characters: an offset, not a mark
        line = text.count("\n", 0, error.position) + 1
        column = error.position - (text.rfind("\n", 0, error.position) + 1) + 1
        return ContentError([Problem(shown_path, line, column, f"an unprintable character (U+{error.character:04X}) "
                                                               "is not allowed; delete it")])
    return ContentError([Problem(shown_path, None, None, f"YAML syntax: {error}")])


def _explain_stray_colon(line: str, column: int) -> str:
    """YAML's 'mapping values are not allowed here' has two usual causes: a field indented under the line above
    (its own colon is the stray one), or a colon inside a value (a later colon on the line)."""
    first_colon = line.find(": ")
    if first_colon < 0 or column <= first_colon:
        return ("this line is indented under the line above, so it reads as part of that value; line the field up "
                "with the fields above it")
    written = re.match(r"\s*([A-Za-z_][\w-]*): (.+)$", line)
    example = f', e.g. {written.group(1)}: "{written.group(2).strip()}"' if written and '"' not in written.group(2) \
        else ""
    return "a colon followed by a space inside a value starts a new field; put the whole value in quotes" + example


def _refuse_unsafe_events(text: str, shown_path: str, loader_class) -> None:
    """Anchors and aliases let a small file expand enormously ("billion laughs"): content has no use for them.
    Nor for explicit tags (!!python/object, !!str) on any value, nor for deep nesting, which would exhaust the
    composer's recursion."""
    depth = 0
    for event in yaml.parse(text, Loader=loader_class):
        mark = event.start_mark
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise ContentError([Problem(shown_path, mark.line + 1, mark.column + 1,
                                        "YAML anchors and aliases (&, *) are not allowed in content")])
        if _explicit_tag(event):
            raise ContentError([Problem(shown_path, mark.line + 1, mark.column + 1,
                                        f"YAML tags such as '{_written_tag(event.tag)}' are not allowed in content; "
                                        "write the value plainly (in quotes if it is text)")])
        depth += isinstance(event, yaml.CollectionStartEvent) - isinstance(event, yaml.CollectionEndEvent)
        if depth > MAX_DEPTH:
            raise ContentError([Problem(shown_path, mark.line + 1, mark.column + 1,
                                        f"values are nested more than {MAX_DEPTH} levels deep")])


def _explicit_tag(event) -> bool:
    """A tag the file writes (!!str x, !foo {}); PyYAML reports the non-specific '!' of quoted text as a tag too."""
    tag = getattr(event, "tag", None)
    return tag is not None and tag != "!"


def _written_tag(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag


_STR_TAG = "tag:yaml.org,2002:str"
_ScalarNode = yaml.ScalarNode


def _walk(node, key_path: KeyPath, loader, document: Document, depth: int = 1):
    """The node's data; `depth` counts the collections down to this node, itself included if it is one."""
    mark = node.start_mark
    document.positions[key_path] = (mark.line + 1, mark.column + 1)
    kind = type(node)
    if kind is _ScalarNode:
        if node.tag == _STR_TAG:  # text, most values: what the constructor would return, without its bookkeeping
            return node.value
        return _construct(node, loader, document)
    if depth > MAX_DEPTH and isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
        raise _TooDeep
    if isinstance(node, yaml.MappingNode):
        mapping: dict = {}
        key_positions = document.key_positions
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _problem_at(document, key_node, "a key must be a plain word")
            key = key_node.value  # as written: 'yes', 'null' and '1' are field names here, not true, empty or 1
            if key in mapping:
                first_line = document.positions[(*key_path, key)][0]
                raise _problem_at(document, key_node, f"duplicate key '{key}' (first given on line {first_line})")
            key_mark = key_node.start_mark
            key_positions[(*key_path, key)] = (key_mark.line + 1, key_mark.column + 1)
            mapping[key] = _walk(value_node, (*key_path, key), loader, document, depth + 1)
        return mapping
    if isinstance(node, yaml.SequenceNode):
        return [_walk(item, (*key_path, index), loader, document, depth + 1) for index, item in enumerate(node.value)]
    return _construct(node, loader, document)


_READ_AS = {"timestamp": "a real date (YYYY-MM-DD)", "int": "a whole number", "float": "a number",
            "bool": "true or false"}


def _construct(node, loader, document: Document):
    """A scalar's value; one YAML cannot build (2025-02-30, '!!int x') is a problem at that value."""
    try:
        return loader.construct_object(node)
    except (ValueError, KeyError, TypeError, OverflowError):
        kind = node.tag.rsplit(":", 1)[-1]
        raise _problem_at(document, node, f"'{node.value}' is not {_READ_AS.get(kind, f'a valid {kind}')}; "
                                          "put it in quotes if it is meant as text") from None


def _problem_at(document: Document, node, message: str) -> ContentError:
    mark = node.start_mark
    return ContentError([Problem(document.path, mark.line + 1, mark.column + 1, message)])


def _decode(raw_bytes: bytes, shown: str) -> str:
    try:
        text = raw_bytes.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw_bytes.count(b"\n", 0, error.start) + 1
        column = error.start - (raw_bytes.rfind(b"\n", 0, error.start) + 1) + 1
        raise ContentError([Problem(shown, line, column, "file is not valid UTF-8 text; save it as UTF-8")])
    return text.removeprefix("\ufeff")


def _inside(path: Path, folder: Path, real_folders: dict[str, str] | None = None) -> bool:
    """Whether the path, its links followed, stands in the folder (its links followed too). real_folders keeps
    the folders' real paths for the next file of the same load."""
    real_folders = {} if real_folders is None else real_folders
    real, real_folder = _real_path(path, real_folders), _real_folder(os.fspath(folder), real_folders)
    return real == real_folder or real.startswith(real_folder.rstrip(os.sep) + os.sep)


def _real_folder(folder: str, real_folders: dict[str, str]) -> str:
    if folder not in real_folders:
        real_folders[folder] = os.path.realpath(folder)
    return real_folders[folder]


def _real_path(path: Path, real_folders: dict[str, str]) -> str:
    """os.path.realpath(path): its folder's real path, then its name, unless the file itself is a link."""
    if os.path.islink(path) or path.name in ("", ".", ".."):
        return os.path.realpath(path)
    return os.path.join(_real_folder(os.fspath(path.parent), real_folders), path.name)


def _display(path: Path) -> str:
    """A path as the user would type it: relative to the working folder where possible."""
    if isinstance(path, Path) and not path.is_absolute():
        return str(path)  # what absolute().relative_to(cwd) would give back
    try:
        return str(Path(path).absolute().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
