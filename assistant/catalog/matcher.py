"""Find which procedure a message talks about, from the catalog's names and aliases.

The NLU pipeline's entity extractor (assistant/nlu) and the actions both use it,
on the live catalog, so a new alias works without retraining. Exact
token-bounded alias hits first (longest wins), and only when there is none,
near matches of the same length (difflib ratio) to tolerate typos.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from assistant.textnorm import normalize

FUZZY_MIN_RATIO = 0.86
FUZZY_MIN_CHARS = 12
GENERIC_HEADS = ("dang ki", "lam", "cap", "xin", "thu tuc", "xin cap", "lam thu tuc")


@dataclass(frozen=True)
class Match:
    procedure_id: str
    alias: str
    score: float
    matched_text: str  # the words of the (normalized) message that matched


class AliasMatcher:
    def __init__(self, names: dict[str, list[str]], object_names: dict[str, list[str]] | None = None) -> None:
        """`names`: procedure id → every name it goes by (official name first).

        `object_names`: names of the paper a procedure produces ("cccd", "sổ đỏ"); they count only
        when no procedure is named otherwise, because other procedures mention the same paper.
        """
        owner: dict[str, str] = {}
        for pid, aliases in [*names.items(), *(object_names or {}).items()]:
            for alias in aliases:
                key = normalize(alias)
                if key and owner.setdefault(key, pid) != pid:
                    raise ValueError(f"alias {alias!r} names both {owner[key]} and {pid}")
        # People drop the verb ("thuong tru" for "dang ky thuong tru"): the rest names the
        # procedure too, unless it is ambiguous between procedures.
        weak = {normalize(a) for aliases in (object_names or {}).values() for a in aliases}
        derived: dict[str, set[str]] = {}
        for key, pid in owner.items():
            for verb in GENERIC_HEADS:
                rest = key.removeprefix(verb + " ")
                if rest != key and len(rest.split()) >= 2 and rest not in owner:
                    derived.setdefault(rest, set()).add(pid)
                    # Without its verb a name is just the paper ("so do" from "lam so do"): weak.
                    weak.add(rest)
        self._weak = weak
        self._aliases: list[tuple[str, str]] = list(owner.items())
        self._aliases += [(key, next(iter(pids))) for key, pids in derived.items() if len(pids) == 1]
        # Longest first so "cap doi can cuoc" wins over "can cuoc".
        self._aliases.sort(key=lambda item: -len(item[0]))

    def match_all(self, text: str) -> list[Match]:
        message = f" {normalize(text)} "
        found: dict[str, Match] = {}
        weak: dict[str, Match] = {}
        for alias, pid in self._aliases:
            if f" {alias} " in message:
                score = float(len(alias.split()))
                bucket = weak if alias in self._weak else found
                if pid not in bucket or bucket[pid].score < score:
                    bucket[pid] = Match(pid, alias, score, alias)
        if found or weak:
            return sorted(found.values(), key=lambda m: -m.score) + sorted(
                (m for pid, m in weak.items() if pid not in found), key=lambda m: -m.score
            )
        # A near match must not beat an exact one ("xoa dang ky thuong tru" vs "dang ky thuong tru o dau").
        tokens = message.split()
        for alias, pid in self._aliases:
            score, window = self._fuzzy(alias, tokens)
            if score and (pid not in found or found[pid].score < score):
                found[pid] = Match(pid, alias, score, window)
        return sorted(found.values(), key=lambda m: -m.score)

    def best(self, text: str) -> Match | None:
        matches = self.match_all(text)
        return matches[0] if matches else None

    @staticmethod
    def _fuzzy(alias: str, tokens: list[str]) -> tuple[float, str]:
        width = len(alias.split())
        if width < 3 and len(alias) < FUZZY_MIN_CHARS:
            return 0.0, ""  # short aliases give false hits when fuzzed ("thai san" ~ "thai lan")
        best, best_window = 0.0, ""
        for start in range(0, max(0, len(tokens) - width) + 1):
            window = " ".join(tokens[start : start + width])
            ratio = SequenceMatcher(None, alias, window).ratio()
            if ratio > best:
                best, best_window = ratio, window
        return ((width - 0.5) * best, best_window) if best >= FUZZY_MIN_RATIO else (0.0, "")
