#!/usr/bin/env python3
"""The compendium's command line: a thin layer over the `compendium` package.

    python build.py check      validate all content
    python build.py build      check, then build the site into site/
    python build.py export     write the open data (CSV and JSON)
    python build.py pages      write the generated pages for another engine
    python build.py handout    write the offline handout (one HTML file)
    python build.py schema     write the JSON Schemas editors and CI use
    python build.py serve      preview the site with live reload
    python build.py new-card   write a card skeleton at the right path
"""
from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from pathlib import Path

from compendium import PROJECT, ContentError, check
from compendium.errors import BuildFailed, Problem, TargetRefused, printable
from compendium.settings import load_settings

SETTINGS = PROJECT / "settings.yaml"


def checked(args):
    """The checked content; warnings (a stray file) are printed but do not stop the command."""
    compendium = check(content_of(args))
    compendium.site_url = args.settings.site_url  # where the site is published, if known: absolute links in data
    for warning in compendium.warnings:
        print(f"warning: {warning}", file=sys.stderr)
        if getattr(args, "format", "text") == "github":
            print(warning.github("warning"))
    return compendium


def content_of(args) -> Path:
    return args.content or args.settings.content


def command_check(args) -> int:
    compendium = checked(args)
    summary = args.format == "summary"
    print(f"Content is valid: {len(compendium.cards)} practice examples, {len(compendium.forces)} "
          f"{compendium.words['organisations']}, "
          f"{len(compendium.frameworks)} frameworks, {len(compendium.themes)} themes.",
          file=sys.stderr if summary else sys.stdout)
    if summary:
        from compendium.summary import summary as job_summary
        print(job_summary(content_of(args), args.cards, compendium, warnings=compendium.warnings), end="")
    return 0


def command_build(args) -> int:
    from compendium.mkdocs_adapter import build_site
    from compendium.publish import publish

    started = time.perf_counter()
    compendium = checked(args)
    out = args.out or args.settings.site
    publish(compendium, out, lambda folder, offline: build_site(args.settings, folder, compendium, offline),
            protected=[content_of(args)], templates=args.settings.templates)
    pages = sum(1 for _ in Path(out).rglob("*.html"))
    print(f"Built {pages} pages from {len(compendium.cards)} practice examples and {len(compendium.forces)} "
          f"{compendium.words['organisations']} into {out} in {time.perf_counter() - started:.1f} s.")
    return 0


def command_pages(args) -> int:
    from compendium.mkdocs_adapter import write_pages
    from compendium.publish import downloads, refuse_site_target, site_files, write_files

    compendium = checked(args)
    refuse_site_target(args.out, protected=[content_of(args)])
    if args.out.exists() and any(args.out.iterdir()):
        raise TargetRefused(f"{args.out}: is not empty; give a new or empty folder for the pages")
    config = write_pages(args.settings, args.out, compendium)
    write_files(downloads(compendium, args.settings.templates), args.out / "docs" / "downloads")
    write_files(site_files(compendium, args.settings.templates), args.out / "docs")
    print(f"Wrote the pages into {args.out / 'docs'} and their configuration, for any engine, into {config}")
    return 0


def command_export(args) -> int:
    from compendium.publish import export

    written = export(checked(args), args.out, protected=[content_of(args)])
    print("Wrote " + ", ".join(str(path) for path in written))
    return 0


def command_handout(args) -> int:
    from compendium.publish import write_handout

    out = args.out or args.settings.site / "downloads" / "compendium-handout.html"
    compendium, cards = checked(args), None
    if args.cards:
        from compendium.summary import cards_at

        cards, others = cards_at(args.cards, content_of(args), compendium)
        if others:
            print("\n".join(f"{printable(path)}: is not a practice card of the content" for path in others),
                  file=sys.stderr)
            return 1
    path = write_handout(compendium, out, protected=[content_of(args)], templates=args.settings.templates,
                         cards=cards)
    print(f"Wrote {path} ({path.stat().st_size:,} bytes).")
    return 0


def command_schema(args) -> int:
    import json

    from compendium.cards import ISSUE_FORM, card_template, editor_schemas, issue_form

    compendium = checked(args)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, schema in editor_schemas(compendium).items():
        path = args.out / f"{name}.schema.json"
        path.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"Wrote {path}")
    template = args.template or content_of(args) / "card-template.yaml"
    template.write_text(card_template(compendium), encoding="utf-8")
    print(f"Wrote {template}")
    form = args.form or PROJECT / ISSUE_FORM
    form.write_text(issue_form(compendium), encoding="utf-8")
    print(f"Wrote {form}")
    return 0


def command_serve(args) -> int:
    from compendium.mkdocs_adapter import serve

    checked(args)
    serve(args.settings, content_of(args), args.address)
    return 0


def command_new_card(args) -> int:
    from compendium.cards import card_from_issue, new_card

    if args.from_issue:
        path = card_from_issue(checked(args), content_of(args), read_text(args.from_issue))
        print(f"Wrote {path}: review it against the issue, then open a pull request.")
        checked(args)  # every problem of the new card as path:line:column: message
        return 0
    if not (args.force and args.area):
        raise ContentError([Problem("new-card", None, None, "give --force and --area, or --from-issue FILE")])
    path = new_card(checked(args), content_of(args), args.force, args.area, args.framework, args.id)
    print(f"Wrote {path}: fill in each field, then run 'python build.py check'.")
    return 0


def read_text(path: Path) -> str:
    """A file's text as UTF-8; a missing or unreadable file is a plain message."""
    try:
        return path.read_text(encoding="utf-8")
    except OSError as error:
        reason = (error.strerror or str(error)).lower()
        raise ContentError([Problem(str(path), None, None, f"cannot read the issue's body: {reason}")]) from None
    except UnicodeDecodeError:
        raise ContentError([Problem(str(path), None, None, "cannot read the issue's body: it is not UTF-8 text; "
                                                           "save it as UTF-8 and try again")]) from None


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="build.py", description=__doc__,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = main.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name, function, help_text):
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument("--config", type=Path, default=SETTINGS, dest="settings_file",
                         help="settings file (default: settings.yaml beside build.py)")
        sub.add_argument("--content", type=Path, help="content folder (default: the settings file's, content/)")
        sub.set_defaults(function=function)
        return sub

    checking = add("check", command_check, "Validate every content file; exit 1 listing every problem.")
    checking.add_argument("--format", choices=["text", "github", "summary"], default="text",
                          help="'github' also prints each problem as a GitHub Actions annotation; 'summary' prints "
                               "a report in GitHub's Markdown (for $GITHUB_STEP_SUMMARY) on stdout")
    checking.add_argument("--cards", nargs="*", type=Path, default=[], metavar="FILE",
                          help="with --format summary: card files to show as readers will see them")
    building = add("build", command_build, "Check the content, then build the site with MkDocs (strict).")
    building.add_argument("--out", type=Path, help="output folder (default: the settings file's, site/)")
    pages = add("pages", command_pages, "Write the generated pages and a site configuration without the hook, "
                                        "for another engine to build (e.g. zensical build -f DIR/mkdocs.yml).")
    pages.add_argument("--out", type=Path, required=True, help="a new or empty folder")
    exporting = add("export", command_export, "Write grades.csv, practice.csv and compendium.json.")
    exporting.add_argument("--out", type=Path, required=True, help="folder to write the files into")
    handout = add("handout", command_handout, "Write the offline handout: one self-contained HTML file.")
    handout.add_argument("--out", type=Path, help="file to write (default: SITE/downloads/compendium-handout.html)")
    handout.add_argument("--cards", nargs="+", type=Path, metavar="FILE",
                         help="only these card files (a preview of a pull request's cards)")
    schema = add("schema", command_schema, "Write the JSON Schemas of cards, forces and frameworks, and "
                                           "the card template (content/card-template.yaml).")
    schema.add_argument("--out", type=Path, default=PROJECT / "schemas", help="folder (default: schemas/)")
    schema.add_argument("--template", type=Path, help="card template file (default: CONTENT/card-template.yaml)")
    schema.add_argument("--form", type=Path,
                        help="issue form file (default: .github/ISSUE_TEMPLATE/propose-practice.yml)")
    serving = add("serve", command_serve, "Preview the site at http://127.0.0.1:8000/compendium/ (the path of site_url) with live reload.")
    serving.add_argument("--address", default="127.0.0.1:8000", help="host:port to serve on")
    card = add("new-card", command_new_card, "Write a new practice card skeleton for a force and area.")
    card.add_argument("--force", help="force id, e.g. kent")
    card.add_argument("--area", help="area id, e.g. investigating-crime")
    card.add_argument("--from-issue", type=Path, metavar="FILE",
                      help="the Markdown body of a 'Propose a practice example' issue: write its card and check it")
    card.add_argument("--framework", help="framework id (default: the newest graded framework)")
    card.add_argument("--id", help="card id (default: FORCE-new-practice, numbered if taken)")
    return main


def main(argv: list[str] | None = None) -> int:
    """Run one command; every failure is a plain message on stderr and exit code 1, never a traceback."""
    args = parser().parse_args(argv)
    previous = signal.signal(signal.SIGTERM, _interrupt)  # a kill from another program, handled as Ctrl-C
    try:
        args.settings = load_settings(args.settings_file)
        return args.function(args)
    except ContentError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
            if getattr(args, "format", "text") == "github":
                print(problem.github())
        count = len(error.problems)
        print(f"{count} problem{'s' if count != 1 else ''} found; nothing was built.", file=sys.stderr)
        if getattr(args, "format", "text") == "summary":
            from compendium.summary import summary
            print(summary(content_of(args), args.cards, problems=error.problems), end="")
    except (BuildFailed, TargetRefused) as error:
        print(printable(str(error)), file=sys.stderr)
    except KeyboardInterrupt:
        print("interrupted.", file=sys.stderr)
    except OSError as error:
        where = printable(str(error.filename)) if error.filename else "the output"
        print(f"{where}: {(error.strerror or str(error)).lower()}", file=sys.stderr)
    finally:
        signal.signal(signal.SIGTERM, previous)
    return 1


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def exit_at_once(code: int):
    """Exit without Python's tidy-up: freeing every object of the content one by one takes about 0.1 s after a
    check, and the command has finished its work. Output is flushed first; nothing else is left open."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    exit_at_once(main())
