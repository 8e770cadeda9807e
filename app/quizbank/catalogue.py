"""The catalogue: every theme, help line and bank, read once at start-up and then shared.

It is immutable, so every request and every process sees the same content, and it is
indexed the ways the app asks: a bank by id, the banks of a theme or of a school band,
in the order students meet the themes.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from app.quizbank.model import Bank, Helpline, Misconception, Theme


class Catalogue:
    __slots__ = ("themes", "misconceptions", "helplines", "banks", "_themes_by_key", "_order", "_frozen")

    def __init__(
        self,
        themes: tuple[Theme, ...],
        misconceptions: tuple[Misconception, ...],
        helplines: tuple[Helpline, ...],
        banks: tuple[Bank, ...],
    ):
        position = {theme.key: theme.position for theme in themes}
        ordered = sorted(banks, key=lambda bank: (position.get(bank.theme, len(position)), bank.id))
        self.themes = tuple(themes)
        self.misconceptions: Mapping[str, Misconception] = MappingProxyType({m.key: m for m in misconceptions})
        self.helplines = tuple(helplines)
        self.banks: Mapping[str, Bank] = MappingProxyType({bank.id: bank for bank in ordered})
        self._themes_by_key = MappingProxyType({theme.key: theme for theme in themes})
        self._order = tuple(ordered)
        self._frozen = True

    def __setattr__(self, name, value):
        if getattr(self, "_frozen", False):
            raise AttributeError("the catalogue is immutable; build a new one instead")
        object.__setattr__(self, name, value)

    def __reduce__(self):
        return (Catalogue, (self.themes, tuple(self.misconceptions.values()), self.helplines, self._order))

    def __repr__(self) -> str:
        return f"<Catalogue {len(self.themes)} themes, {len(self.banks)} banks>"

    def theme(self, key: str) -> Theme | None:
        return self._themes_by_key.get(key)

    def get(self, bank_id: str) -> Bank | None:
        return self.banks.get(bank_id)

    def banks_for(self, theme: str | None = None, band: str | None = None) -> tuple[Bank, ...]:
        """Banks of a theme and/or a school band, by theme order then id."""
        return tuple(
            bank for bank in self._order if (theme is None or bank.theme == theme) and (band is None or band in bank.audience)
        )
