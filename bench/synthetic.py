"""Synthetic content at k times the real compendium, for benchmarks.

Cards are multiplied; forces, frameworks, areas, themes, the version history and the source notes
are copied as they are. Each area keeps its real cards and gains k - 1 copies of each, with a new
id and lightly varied text (so no two cards share a title or prose, and no cache makes copies free).

    python bench/synthetic.py K OUT_DIR [--content content/]
"""
from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import yaml

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from compendium.load import read_document  # noqa: E402

CONTENT = PROJECT / "content"
COPIED_FILES = ["compendium.yaml", "themes.yaml", "source-notes.yaml"]
COPIED_FOLDERS = ["frameworks", "forces"]
PROSE_FIELDS = ["objective", "detail", "outcome"]
TITLE_LIMIT = 120  # Card.title's max_length in compendium/model.py


def write_synthetic(k: int, out_dir: Path, content_dir: Path = CONTENT) -> Path:
    """Write k times the content's cards (and its other files as they are) into out_dir; return out_dir."""
    if k < 1:
        raise ValueError(f"k must be at least 1, not {k}")
    content_dir, out_dir = Path(content_dir), Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    copy_unchanged(content_dir, out_dir)
    for card_path in sorted((content_dir / "practice").rglob("*.yaml")):
        folder = out_dir / card_path.parent.relative_to(content_dir)
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(card_path, folder / card_path.name)
        card = read_document(card_path).data
        for copy_number in range(1, k):
            variant = card_variant(card, copy_number)
            write_card(variant, folder / f"{variant['id']}.yaml")
    return out_dir


def copy_unchanged(content_dir: Path, out_dir: Path) -> None:
    for name in COPIED_FILES:
        shutil.copyfile(content_dir / name, out_dir / name)
    for name in COPIED_FOLDERS:
        shutil.copytree(content_dir / name, out_dir / name, dirs_exist_ok=True)


def card_variant(card: dict, copy_number: int) -> dict:
    """A copy of a card with a new id, title and prose: same fields, same lengths give or take a few words."""
    marker = f"(copy {copy_number})"
    variant = {**card, "id": f"{card['id']}-copy-{copy_number}"}
    variant["title"] = f"{card['title'][:TITLE_LIMIT - len(marker) - 1]} {marker}"
    for field in PROSE_FIELDS:
        variant[field] = f"{card[field]} {marker}"
    return variant


def write_card(card: dict, path: Path) -> None:
    path.write_text(yaml.safe_dump(card, sort_keys=False, allow_unicode=True, width=110), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("k", type=int, help="how many times the real cards")
    parser.add_argument("out", type=Path, help="folder to write the content into")
    parser.add_argument("--content", type=Path, default=CONTENT, help="the real content (default: content/)")
    args = parser.parse_args(argv)
    write_synthetic(args.k, args.out, args.content)
    cards = sum(1 for _ in (args.out / "practice").rglob("*.yaml"))
    print(f"Wrote {cards} cards into {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
