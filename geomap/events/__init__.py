"""Events: what the text says happens at each place (role, actor, counts, date, negation)."""

__all__: list[str] = []
