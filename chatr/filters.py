"""The global filters (life stages, organisation types) and how they travel in a URL."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from chatr.reference import LIFE_STAGES, ORGANISATIONS, canonical_life_stage, canonical_organisation

# Query-string keys of a shared, filtered view: ?life_stage=0-5&life_stage=5-11&organisation=School
LIFE_STAGE_KEY = "life_stage"
ORGANISATION_KEY = "organisation"


@dataclass(frozen=True)
class Filters:
    """What the user chose; empty means 'all'. Field names are the SQL parameter names."""

    life_stages: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()

    @classmethod
    def of(cls, life_stages: Iterable[str] = (), organisations: Iterable[str] = ()) -> Filters:
        """Filters from any spellings, canonical and in reference order; unknown values dropped."""
        stages = {canonical_life_stage(s) for s in life_stages}
        orgs = {canonical_organisation(o) for o in organisations}
        return cls(
            tuple(s for s in LIFE_STAGES if s in stages),
            tuple(o for o in ORGANISATIONS if o in orgs),
        )

    @classmethod
    def from_query_params(cls, params: Mapping[str, str | list[str]]) -> Filters:
        """Filters from a URL query string (as Streamlit's st.query_params.to_dict() gives it)."""

        def values(key: str) -> list[str]:
            value = params.get(key, [])
            return [value] if isinstance(value, str) else list(value)

        return cls.of(values(LIFE_STAGE_KEY), values(ORGANISATION_KEY))

    def to_query_params(self) -> dict[str, list[str]]:
        """The query-string form of these filters (keys omitted when 'all')."""
        params = {
            LIFE_STAGE_KEY: list(self.life_stages),
            ORGANISATION_KEY: list(self.organisations),
        }
        return {key: value for key, value in params.items() if value}

    def sql_params(self) -> dict[str, list[str] | None]:
        """Bound parameters for queries: None means no filter on that field."""
        return {
            "life_stages": list(self.life_stages) or None,
            "organisations": list(self.organisations) or None,
        }

    def describe(self) -> str:
        """The filters in force, in words, for chart captions."""
        stages = ", ".join(self.life_stages) or "all life stages"
        orgs = ", ".join(self.organisations) or "all organisations"
        return f"Life stages: {stages} · Organisations: {orgs}"


NO_FILTERS = Filters()  # everyone: no life-stage or organisation filter
