"""The documentation site: every code example runs, and the site builds with `mkdocs --strict`.

Conventions the pages follow (docs/index.md says so to contributors):

* a ```python block with `>>>` lines is a doctest (ELLIPSIS and NORMALIZE_WHITESPACE on);
* any other ```python block is executed; when a ```text block follows it directly, that block is
  the output it must print; every top-level `test_*` function it defines is called;
* a ```console block holds `$ command` lines, each followed by the output it must print
  (stdout and stderr, interleaved as on a terminal), run by the shell from the repository root;
  whitespace is normalised and `...` stands for any text, as in doctest;
* `<!-- excerpt: PATH -->` on the line before a block says the block is copied from PATH: its
  lines must appear in that file, in order and contiguous, so that a guide quoting the example
  pack cannot drift from it;
* ```sh blocks are install commands, which the test suite does not run; every line of them
  must appear in README.md, .ci/run or the example pack's README.
"""

from __future__ import annotations

import contextlib
import dataclasses
import doctest
import importlib
import importlib.util
import io
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import disclosure_check as dc
from disclosure_check import discovery

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
# Written by `python -m disclosure_check.docs` and checked by its --check; no examples to run.
GENERATED = ("rules/", "jurisdictions.md")
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE  # for the >>> examples
FENCE = re.compile(r"^```([\w-]*)[^\n]*\n(.*?)^```[ \t]*$", re.M | re.S)
EXCERPT = re.compile(r"<!--\s*excerpt:\s*(\S+)\s*-->\s*$")
EXAMPLE_PACK = "example" in discovery.available()


@dataclass(frozen=True)
class Block:
    page: str
    line: int
    lang: str
    body: str
    excerpt: str | None  # the file this block is copied from
    output: str | None  # the ```text block that follows a plain python block

    @property
    def id(self) -> str:
        return f"{self.page}:{self.line}"


def _pages() -> list[Path]:
    pages = []
    for path in sorted(DOCS.rglob("*.md")):
        rel = path.relative_to(DOCS).as_posix()
        if not rel.startswith(GENERATED):
            pages.append(path)
    return pages


def _blocks(path: Path) -> list[Block]:
    text = path.read_text("utf-8")
    rel = path.relative_to(DOCS).as_posix()
    matches = list(FENCE.finditer(text))
    blocks = []
    for i, m in enumerate(matches):
        lang = m.group(1)
        before = text[: m.start()].rstrip("\n").rsplit("\n", 1)[-1]
        marker = EXCERPT.search(before)
        output = None
        if lang == "python" and i + 1 < len(matches):
            following = matches[i + 1]
            gap = text[m.end() : following.start()]
            if following.group(1) == "text" and not gap.strip():
                output = following.group(2)
        blocks.append(
            Block(
                page=rel,
                line=text.count("\n", 0, m.start()) + 1,
                lang=lang,
                body=m.group(2),
                excerpt=marker.group(1) if marker else None,
                output=output,
            )
        )
    return blocks


BLOCKS = [b for page in _pages() for b in _blocks(page)]
PYTHON = [b for b in BLOCKS if b.lang == "python"]
CONSOLE = [b for b in BLOCKS if b.lang == "console"]
EXCERPTS = [b for b in BLOCKS if b.excerpt]
SHELL = [b for b in BLOCKS if b.lang == "sh"]


USES_EXAMPLE_PACK = re.compile(r"--pack example|packs=\[\"example\"\]|dc-pack-example")


def _needs_example_pack(text: str) -> None:
    # Same policy as test_plugin.py: optional locally, required in CI.
    if not EXAMPLE_PACK and USES_EXAMPLE_PACK.search(text):
        if os.environ.get("CI"):
            pytest.fail(
                "the example pack must be installed in CI: pip install ./examples/dc-pack-example"
            )
        pytest.skip("examples/dc-pack-example not installed")


# -- Python ------------------------------------------------------------------------------------


OPTIONAL_IMPORTS = re.compile(r"^\s*(?:>>> )?(?:import|from) (pandas|dask)\b", re.M)


def _needs_optional_libraries(text: str) -> None:
    # Examples of the [pandas]/[dask] extras run where the extra is installed (CI installs it).
    for name in OPTIONAL_IMPORTS.findall(text):
        if importlib.util.find_spec(name) is None:
            if os.environ.get("CI"):
                pytest.fail(f"{name} must be installed in CI: pip install '.[dask]'")
            pytest.skip(f"{name} is not installed (extra disclosure-check[dask])")


@pytest.mark.parametrize("block", PYTHON, ids=[b.id for b in PYTHON])
def test_python_example(block: Block, monkeypatch: pytest.MonkeyPatch) -> None:
    _needs_example_pack(block.body)
    _needs_optional_libraries(block.body)
    monkeypatch.chdir(ROOT)
    if ">>>" in block.body:
        _run_doctest(block)
    else:
        _run_script(block)


def _run_doctest(block: Block) -> None:
    parser = doctest.DocTestParser()
    test = parser.get_doctest(block.body, {}, block.id, str(DOCS / block.page), block.line)
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    report = io.StringIO()
    result = runner.run(test, out=report.write, clear_globs=True)
    assert result.attempted, f"{block.id}: a doctest block without examples"
    assert not result.failed, f"stale example in docs/{block.id}:\n{report.getvalue()}"


def _run_script(block: Block) -> None:
    namespace: dict[str, Any] = {"__name__": f"docs_{Path(block.page).stem}"}
    printed = io.StringIO()
    code = compile(block.body, str(DOCS / block.page), "exec")
    with contextlib.redirect_stdout(printed):
        exec(code, namespace)
        for name, value in list(namespace.items()):
            if name.startswith("test_") and callable(value):
                value()
    if block.output is not None:
        _assert_output(block, block.body, block.output, printed.getvalue())


def _output_matches(want: str, got: str) -> bool:
    """doctest's NORMALIZE_WHITESPACE and ELLIPSIS, except that `...` also swallows the
    whitespace around it (so a trailing `...` may match nothing at the end of the output)."""
    pieces = want.strip().split("...")
    words = (r"\s+".join(map(re.escape, piece.split())) for piece in pieces)
    return re.fullmatch(r"\s*.*?\s*".join(words), got.strip(), re.S) is not None


def _assert_output(block: Block, what: str, want: str, got: str) -> None:
    if not _output_matches(want, got):
        pytest.fail(
            f"stale example in docs/{block.id}: {what.strip()}\n"
            f"--- the page says:\n{want.strip()}\n--- the command printed:\n{got.strip()}"
        )


def test_output_matching_rules() -> None:
    assert _output_matches("a  b\n", "a b")
    assert _output_matches("a\n...\nz", "a\nb\nc\nz")
    assert _output_matches("...\nb\n...", "b")
    assert _output_matches("x ... z", "x yyy z")
    assert not _output_matches("a\nb", "a\nb\nc")
    assert not _output_matches("a b", "ab")
    assert not _output_matches("", "something")


# -- shell -------------------------------------------------------------------------------------


def _commands(body: str) -> list[tuple[str, str]]:
    out: list[tuple[str, list[str]]] = []
    for line in body.splitlines():
        if line.startswith("$ "):
            out.append((line[2:], []))
        elif out:
            out[-1][1].append(line)
        elif line.strip():
            raise AssertionError(f"console block starts with output, not '$ ': {line!r}")
    return [(cmd, "\n".join(lines)) for cmd, lines in out]


def _shell_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("FORCE_COLOR", None)
    env["NO_COLOR"] = "1"
    env["PYTHONIOENCODING"] = "utf-8"
    # Unbuffered, so that stdout and stderr interleave as they would on a terminal.
    env["PYTHONUNBUFFERED"] = "1"
    env["COLUMNS"] = "100"
    # The interpreter running the tests is the one with disclosure-check installed.
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return env


@pytest.mark.parametrize("block", CONSOLE, ids=[b.id for b in CONSOLE])
def test_console_example(block: Block) -> None:
    commands = _commands(block.body)
    assert commands, f"{block.id}: a console block without a '$ ' command"
    _needs_example_pack(block.body)
    assert shutil.which("disclosure-check", path=_shell_env()["PATH"]), (
        "the disclosure-check command is not installed: pip install -e ."
    )
    for command, want in commands:
        done = subprocess.run(
            command,
            shell=True,
            cwd=ROOT,
            env=_shell_env(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            timeout=120,
        )
        _assert_output(block, f"$ {command}", want, done.stdout)


def test_console_examples_leave_no_files_behind() -> None:
    # Examples run from the repository root: one that writes a file would litter the checkout.
    for block in CONSOLE:
        for command, _ in _commands(block.body):
            assert not re.search(r"(^|\s)(-o|--output)\s|>\s*(?!/dev/null)[\w./]", command), (
                f"{block.id}: '{command}' writes a file into the repository"
            )


# Install commands are not run here (they would change the environment under test); they must
# be ones CI runs (.ci/run, whose commands the READMEs give) or that a README documents.
SHELL_SOURCES = ("README.md", ".ci/run", "examples/dc-pack-example/README.md")


@pytest.mark.parametrize("block", SHELL, ids=[b.id for b in SHELL])
def test_shell_commands_are_documented_elsewhere(block: Block) -> None:
    known = "\n".join((ROOT / name).read_text("utf-8") for name in SHELL_SOURCES)
    for line in block.body.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            assert line.strip() in known, (
                f"docs/{block.id}: '{line.strip()}' appears in none of {SHELL_SOURCES}"
            )


def test_the_site_gives_the_readme_commands() -> None:
    """The users' home page gives the install-and-run command; the contributors' page the tests."""
    readme = (ROOT / "README.md").read_text("utf-8")
    commands = re.findall(r"^    (pip install .+)$", readme, re.M)
    assert len(commands) == 2, commands
    for command, page in zip(commands, ("index.md", "contributing.md"), strict=True):
        text = (DOCS / page).read_text("utf-8")
        assert command in text, f"docs/{page} lacks the README command: {command}"


# -- excerpts ----------------------------------------------------------------------------------


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.strip("\n").splitlines()]


@pytest.mark.parametrize("block", EXCERPTS, ids=[b.id for b in EXCERPTS])
def test_excerpt_matches_its_file(block: Block) -> None:
    assert block.excerpt is not None
    source = ROOT / block.excerpt
    assert source.is_file(), f"docs/{block.id} quotes {block.excerpt}, which does not exist"
    want, have = _lines(block.body), _lines(source.read_text("utf-8"))
    for start in range(len(have) - len(want) + 1):
        if have[start : start + len(want)] == want:
            return
    pytest.fail(f"docs/{block.id} no longer matches {block.excerpt}; copy it again")


def test_the_rule_pack_guide_quotes_every_file_of_the_example_pack() -> None:
    quoted = {b.excerpt for b in EXCERPTS if b.page == "writing-a-rule-pack.md"}
    pack = ROOT / "examples" / "dc-pack-example"
    for name in ("pyproject.toml", "dc_pack_example/pack.toml", "dc_pack_example/rules.py"):
        assert f"examples/dc-pack-example/{name}" in quoted, name
    assert (pack / "dc_pack_example" / "pack.toml").is_file()


# -- the pages agree with the code ------------------------------------------------------------


def _section(page: str, heading: str) -> str:
    # Blank out code blocks: a `# comment` or a rule page printed in one is not a heading.
    text = FENCE.sub(lambda m: "\n" * m.group(0).count("\n"), (DOCS / page).read_text("utf-8"))
    m = re.search(rf"^#+ {re.escape(heading)}\s*$", text, re.M)
    assert m, f"docs/{page} has no heading {heading!r}"
    end = re.compile(r"^#+ ", re.M).search(text, m.end())
    return text[m.end() : end.start() if end else len(text)]


def _table_names(section: str) -> list[str]:
    return re.findall(r"^\|\s*`([\w.-]+)`", section, re.M)


CONTRACT = [dc.Report, dc.Signal, dc.Disclosure, dc.Finding, dc.Fix, dc.Edit, dc.Span, dc.PostInfo]


@pytest.mark.parametrize("cls", CONTRACT, ids=[c.__name__ for c in CONTRACT])
def test_contract_tables_list_every_field(cls: type) -> None:
    names = _table_names(_section("contract.md", f"`{cls.__name__}`"))
    fields = [f.name for f in dataclasses.fields(cls)]
    assert [n for n in names if n in fields] == fields, (
        f"docs/contract.md: the {cls.__name__} table must list its fields in order: {fields}"
    )
    for name in names:
        assert hasattr(cls, name), f"docs/contract.md: {cls.__name__} has no {name!r}"


ENUMS = [
    dc.SignalKind,
    dc.Category,
    dc.Severity,
    dc.Confidence,
    dc.Strength,
    dc.Relationship,
    dc.Applicability,
]


@pytest.mark.parametrize("enum", ENUMS, ids=[e.__name__ for e in ENUMS])
def test_contract_lists_every_enum_value(enum: Any) -> None:
    names = _table_names(_section("contract.md", f"`{enum.__name__}`"))
    assert names == [m.value for m in enum], f"docs/contract.md: {enum.__name__} values"


def _resolve(path: str) -> object:
    module, _, name = path.rpartition(".")
    return getattr(importlib.import_module(module), name)


def test_api_reference_covers_every_public_name() -> None:
    text = (DOCS / "api.md").read_text("utf-8")
    paths = re.findall(r"^::: (disclosure_check[\w.]*)\s*$", text, re.M)
    documented = {path.rpartition(".")[2]: _resolve(path) for path in paths}
    for name in dc.__all__:
        if name != "__version__":
            assert documented.get(name) is getattr(dc, name), f"docs/api.md lacks dc.{name}"
    for path in paths:
        # Public: re-exported by the package, or in the config module the pages tell users of.
        name = path.rpartition(".")[2]
        exported = name in dc.__all__ and getattr(dc, name) is documented[name]
        assert exported or path.startswith("disclosure_check.config."), (
            f"docs/api.md documents {path}, which is not public"
        )


def _help() -> str:
    done = subprocess.run(
        [sys.executable, "-m", "disclosure_check", "--help"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=_shell_env(),
        check=True,
    )
    return done.stdout


def test_cli_page_documents_every_option() -> None:
    page = (DOCS / "cli.md").read_text("utf-8")
    options = set(re.findall(r"(?<![\w-])(--[a-z][a-z-]+)", _help())) - {"--help"}
    missing = sorted(o for o in options if f"`{o}" not in page)
    assert not missing, f"docs/cli.md does not document {missing}"
    documented = set(re.findall(r"^\| `(--[a-z][a-z-]+)", page, re.M))
    assert documented <= options | {"--help"}, (
        f"docs/cli.md documents options the command does not have: {documented - options}"
    )


def test_cli_page_documents_every_format() -> None:
    m = re.search(r"--format \{([\w,]+)\}", _help())
    assert m, "disclosure-check --help no longer shows the --format choices"
    section = _section("cli.md", "Output formats")
    for name in m.group(1).split(","):
        assert f"`{name}`" in section, f"docs/cli.md: format {name} is not described"


def test_cli_page_matches_the_pre_commit_hook() -> None:
    section = _section("cli.md", "Pre-commit hook")
    hooks = ROOT / ".pre-commit-hooks.yaml"
    if hooks.is_file():
        assert "not yet implemented" not in section.lower(), (
            "docs/cli.md: .pre-commit-hooks.yaml exists now; document it"
        )
        for hook_id in re.findall(r"^\s*-?\s*id:\s*(\S+)", hooks.read_text("utf-8"), re.M):
            assert hook_id in section, f"docs/cli.md does not mention the hook {hook_id}"
    else:
        assert "not yet implemented" in section.lower()


# -- the site builds ---------------------------------------------------------------------------


def test_site_builds_strict(tmp_path: Path) -> None:
    try:
        import mkdocs  # noqa: F401
        import mkdocstrings  # noqa: F401
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail('CI must build the docs: pip install mkdocs "mkdocstrings[python]"')
        pytest.skip('mkdocs not installed: pip install mkdocs "mkdocstrings[python]"')
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "api" / "index.html").is_file()
    assert (tmp_path / "rules" / "FR101" / "index.html").is_file()
    # The site works offline: no page loads a script, a stylesheet or an image from another host.
    fetched = re.compile(
        r"<(?:script[^>]*\ssrc|link[^>]*\shref|img[^>]*\ssrc)=[\"']?(?:https?:)?//", re.I
    )
    remote = [
        page.relative_to(tmp_path).as_posix()
        for page in tmp_path.rglob("*.html")
        if fetched.search(page.read_text("utf-8"))
    ]
    assert remote == [], f"pages that fetch files from another host: {remote[:5]}"


def test_every_page_is_in_the_nav_or_generated() -> None:
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    nav = set(re.findall(r":\s*([\w/.-]+\.md)\s*$", config, re.M))
    for path in DOCS.rglob("*.md"):
        rel = path.relative_to(DOCS).as_posix()
        if rel.startswith("rules/") and rel != "rules/index.md":
            continue  # 118 generated pages, reached from the rules table
        assert rel in nav, f"docs/{rel} is not in the mkdocs.yml nav"


CONFIG_BLOCKS = [b for b in BLOCKS if b.page == "configuration.md" and b.lang == "toml"]


@pytest.mark.parametrize("block", CONFIG_BLOCKS, ids=[b.id for b in CONFIG_BLOCKS])
def test_configuration_examples_are_valid(block: Block, tmp_path: Path) -> None:
    from disclosure_check.config import load_config

    # The page shows both file forms: the pyproject.toml table and a disclosure-check.toml.
    tool_table = "[tool.disclosure-check]" in block.body
    path = tmp_path / ("pyproject.toml" if tool_table else "disclosure-check.toml")
    path.write_text(block.body, "utf-8")
    config = load_config(path)
    assert config.jurisdiction, f"docs/{block.id}: the example sets no jurisdiction"


def test_configuration_page_documents_every_key() -> None:
    from disclosure_check.config import KEYS, RULE_OPTIONS

    keys = _table_names(_section("configuration.md", "Keys"))
    assert keys == list(KEYS), "docs/configuration.md: the keys table must follow config.KEYS"
    options = _table_names(_section("configuration.md", "`rule-options`"))
    assert options == list(RULE_OPTIONS), "docs/configuration.md: rule options"


# -- engine bugs found while writing the docs ------------------------------------------------
# Kept out of the pages (which must show what works) and left failing until the engine is fixed.


def test_short_english_caption_is_not_read_as_spanish() -> None:
    # A US caption in plain English with #ad before the fold is compliant; langdetect reads
    # "Road trip diaries … code" as Spanish, and US104 then asks for « Publicidad ».
    report = dc.check("Road trip diaries 🚗 code SUN10 @sunco #ad", jurisdiction="US")
    assert report.language == "en", (report.language, report.language_source)
    assert [f.rule_id for f in report.findings] == []
