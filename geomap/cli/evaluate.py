"""``geomap evaluate``: score extraction against gold annotations or a geoparsing corpus."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from geomap.cli.common import cli_errors, echo_lines, format_option, gazetteer_option

__all__ = ["evaluate"]


@click.command("evaluate")
@click.option(
    "--gold",
    type=click.Path(dir_okay=False),
    default=None,
    help="Gold annotations in the format of tests/fixtures/seeds.gold.json.",
)
@click.option(
    "--docs",
    type=click.Path(file_okay=False),
    default="seeds",
    show_default=True,
    help="Folder of the documents the gold file annotates.",
)
@click.option(
    "--corpus",
    type=click.Path(dir_okay=False),
    default=None,
    help="A geoparsing corpus in the TR-News / LGL / GeoWebNews XML format.",
)
@gazetteer_option
@click.option(
    "--literal-only",
    is_flag=True,
    help="With --corpus: count literal uses only, not metonymic ones and demonyms.",
)
@click.option("--misses/--no-misses", default=True, help="List the misses.")
@format_option
@cli_errors
def evaluate(
    gold: str | None,
    docs: str,
    corpus: str | None,
    gazetteer_dir: Path | None,
    literal_only: bool,
    misses: bool,
    fmt: str,
) -> None:
    """Score extraction against gold annotations or a geoparsing corpus.

    \b
    Example:
        geomap evaluate --gold tests/fixtures/seeds.gold.json --docs seeds/
    """
    from geomap.evaluate import evaluate_corpus, evaluate_gold, format_report

    if not gold and not corpus:
        raise click.UsageError("give --gold FILE or --corpus FILE")
    gaz = None if gazetteer_dir is None else str(gazetteer_dir)
    if corpus:
        result = evaluate_corpus(corpus, gazetteer=gaz, literal_only=literal_only)
    else:
        assert gold is not None
        result = evaluate_gold(gold, docs_dir=docs, gazetteer=gaz)
    if fmt == "json":
        click.echo(json.dumps(result, indent=2, default=str))
    else:
        click.echo(format_report(result, misses=misses))
    if result.get("problems"):  # scored without them: say so, and fail
        echo_lines(result["problems"], prefix="error: ")
        sys.exit(1)
