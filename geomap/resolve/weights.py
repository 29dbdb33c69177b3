"""The weights of the resolution score, read from ``rules/resolve.toml``.

A user changes a weight in ``$GEOMAP_RULES/resolve.toml`` (see :mod:`geomap.rulefiles`);
a misspelt key is an error that names the file and the key.

Examples
--------
>>> w = load_weights()
>>> w.prior.country, w.context.close_km
(6.0, 50.0)
"""

from __future__ import annotations

from functools import lru_cache

from geomap.rulefiles import RuleModel, read_rules, rules_key

__all__ = ["Weights", "load_weights"]


class _Prior(RuleModel):
    alternate_name: float
    short_form: float
    translation: float
    division_of_big_city: float
    big_city_population: int
    big_capital: float
    big_capital_population: int
    country: float
    continent: float
    admin1: float
    other_division: float
    curated: float
    curated_site_in_security_story: float
    named_site: float
    division_of_town: float = 0.0
    division_noun: float = 0.0
    settlement_noun: float = 0.0
    quarter_noun: float = 0.0


class _Context(RuleModel):
    focus: float
    top_country: float
    country_qualifier: float
    region_qualifier: float
    named_state: float
    close_km: float
    close: float
    near_km: float
    near: float
    far_km: float
    far: float
    beside_country: float = 0.0
    beside_state: float = 0.0
    beside_words: int = 0


class _Ranking(RuleModel):
    sure: float
    max_picks: int
    running_km: float
    running: float
    sole_margin: float
    elsewhere_km: float


class Weights(RuleModel):
    """Bonuses, penalties and cut-offs of a candidate's score."""

    prior: _Prior
    context: _Context
    ranking: _Ranking


def load_weights(path: str | None = None) -> Weights:
    """The bundled weights (or ``path``), with the user's ``resolve.toml`` laid over them."""
    return _load_weights(*rules_key("resolve.toml", path))


@lru_cache(maxsize=4)
def _load_weights(path: str, _user_stamp: str) -> Weights:
    weights: Weights = read_rules(Weights, "resolve.toml", path)
    return weights
