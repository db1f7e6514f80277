"""The install is lean and reproducible: one list of dependencies (pyproject.toml), locked with hashes into
what building needs (requirements/build.txt) and what testing adds (requirements/test.txt). Offline: only the
files are read."""
import re
import tomllib

from compendium import PROJECT

PYPROJECT = tomllib.loads((PROJECT / "pyproject.toml").read_text())
TEST_ONLY = {"pytest", "pytest-playwright", "playwright", "axe-playwright-python", "hypothesis", "check-jsonschema",
             "zizmor", "frictionless", "zensical", "markdown-it-py", "greenlet", "pyee"}


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(requirement: str) -> str:
    return normalise(re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement).group())


def lock(name: str) -> dict[str, dict]:
    """Each locked package of requirements/NAME.txt: its version and its sha256 hashes."""
    packages = {}
    text = (PROJECT / "requirements" / f"{name}.txt").read_text()
    for entry in re.split(r"\n(?=\S)", re.sub(r"(?m)^\s*#.*\n?", "", text)):
        if entry.strip():
            first = entry.split()[0]
            package, version = first.split("==")
            packages[normalise(package)] = {"version": version,
                                            "hashes": re.findall(r"--hash=sha256:([0-9a-f]{64})", entry)}
    return packages


BUILD, TEST = lock("build"), lock("test")


def test_every_package_of_both_locks_is_pinned_to_one_version_with_its_hashes():
    for packages in (BUILD, TEST):
        assert packages
        for name, package in packages.items():
            assert re.fullmatch(r"\d[0-9A-Za-z.+!-]*", package["version"]), name
            assert package["hashes"], name


def test_the_build_lock_pins_the_same_versions_as_the_test_lock():
    assert {name: TEST[name]["version"] for name in BUILD if name in TEST} == \
        {name: package["version"] for name, package in BUILD.items()}


def test_every_dependency_of_pyproject_is_in_its_lock():
    build = {requirement_name(requirement) for requirement in PYPROJECT["project"]["dependencies"]}
    test = {requirement_name(requirement) for requirement in PYPROJECT["project"]["optional-dependencies"]["test"]}
    assert build <= set(BUILD) and build <= set(TEST)
    assert test <= set(TEST)


def test_building_installs_no_test_tool():
    assert not TEST_ONLY & set(BUILD)
    assert {"mkdocs", "mkdocs-material", "jinja2", "pydantic", "nh3"} <= set(BUILD)


def test_the_locks_say_how_to_regenerate_them_and_the_makefile_can():
    for name in ("build", "test"):
        assert "make lock" in (PROJECT / "requirements" / f"{name}.txt").read_text().split("\n\n")[0], name
    makefile = (PROJECT / "Makefile").read_text()
    assert re.search(r"(?m)^lock:", makefile)
    assert "--generate-hashes" in makefile


def test_make_site_installs_only_the_build_lock_and_make_test_the_test_lock_with_hashes_checked():
    makefile = (PROJECT / "Makefile").read_text()
    assert re.search(r"(?m)^site: \$\(BUILD_STAMP\)$", makefile)
    assert re.search(r"(?m)^test: \$\(STAMP\)$", makefile)
    assert re.search(r"(?m)^\$\(BUILD_STAMP\): requirements/build\.txt", makefile)
    assert re.search(r"(?m)^\$\(STAMP\): requirements/test\.txt package-lock\.json", makefile)
    assert "--require-hashes --no-deps -r" in makefile
    assert not (PROJECT / "requirements.txt").exists()
