"""Measure the de-identification gate on the tuning corpus and on the held-out set.

Tuning corpus (tests/corpus/deid_corpus.jsonl): per detector kind, recall and precision;
false-alarm rates on clean snippets (BLOCK and WARN separately). A finding is a hit when it
overlaps a label of the same kind; for BLOCK kinds recall counts a label as caught when any
BLOCK finding overlaps it (the text is refused either way).

Held-out sets (tests/corpus/deid_heldout*.jsonl, issue 10; each written before the detectors were
changed for it): per class, first-contact and current recall. A direct identifier counts as caught
when a BLOCK finding overlaps it; a name, place or age over 89 when any finding does (at least a
warning). Clean rows: how many would be refused (any BLOCK) or warned (any WARN).

Each set ends with the median and p99 scan time of a ~1,500-character text; the run ends with
the memory the gate's word lists take (resident memory of a fresh process before and after the
first scan, and what the lists hold by tracemalloc).

Set 5 was round one's sealed final set (scored once, at fd8c3a5); it is a tuning set now. Sets 6a
to 6d were written blind for round two's tuning (6c and 6d under a stricter brief: no echo of the
writers' hints). Set 7 (7a to 7d, written blind by four writers, 7c and 7d under the stricter brief)
was sealed: never tuned on, scored once at the end of round two (at 3608783; its "first contact"
column is that score); round three tunes on it. Set 8 (8a, 8b) was written blind for round three's
tuning (first contact at a23162e). Set 9 (9a to 9d, four blind writers) was round three's sealed final
set, scored once at its end (at 6b19b5c; its "first contact" column is that score). Set 10 (10a to
10d, four more blind writers: learning disability in the Black Country, addictions in the South
Wales valleys, home treatment and PICU in the south-west, the Highlands and Islands) was round
four's sealed final set, scored once at its end (at 0f26b6f; its column is that score);
a set marked sealed is left out unless --final is given (and skipped while absent).

Run: python benchmarks/deid_quality.py [--show-misses] [--show-false-alarms] [--final]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from bot.domain.deidentify import BLOCK_KINDS, KINDS, Finding, Severity, scan

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus" / "deid_corpus.jsonl"
HELDOUT = CORPUS.with_name("deid_heldout.jsonl")
HELDOUT2 = CORPUS.with_name("deid_heldout2.jsonl")
HELDOUT3 = CORPUS.with_name("deid_heldout3.jsonl")
HELDOUT4 = CORPUS.with_name("deid_heldout4.jsonl")
HELDOUT5 = CORPUS.with_name("deid_heldout5.jsonl")
HELDOUT6A = CORPUS.with_name("deid_heldout6a.jsonl")
HELDOUT6B = CORPUS.with_name("deid_heldout6b.jsonl")
HELDOUT6C = CORPUS.with_name("deid_heldout6c.jsonl")
HELDOUT6D = CORPUS.with_name("deid_heldout6d.jsonl")
HELDOUT7C = CORPUS.with_name("deid_heldout7c.jsonl")  # round two's sealed set, scored once
HELDOUT7D = CORPUS.with_name("deid_heldout7d.jsonl")  # round two's sealed set, scored once
HELDOUT7A = CORPUS.with_name("deid_heldout7a.jsonl")  # round two's sealed set, scored once
HELDOUT7B = CORPUS.with_name("deid_heldout7b.jsonl")  # round two's sealed set, scored once
HELDOUT8A = CORPUS.with_name("deid_heldout8a.jsonl")  # round three's tuning set
HELDOUT8B = CORPUS.with_name("deid_heldout8b.jsonl")  # round three's tuning set
HELDOUT9A = CORPUS.with_name("deid_heldout9a.jsonl")  # round three's sealed set, scored once
HELDOUT9B = CORPUS.with_name("deid_heldout9b.jsonl")  # round three's sealed set, scored once
HELDOUT9C = CORPUS.with_name("deid_heldout9c.jsonl")  # round three's sealed set, scored once
HELDOUT9D = CORPUS.with_name("deid_heldout9d.jsonl")  # round three's sealed set, scored once
HELDOUT10A = CORPUS.with_name("deid_heldout10a.jsonl")  # round four's sealed set, scored once
HELDOUT10B = CORPUS.with_name("deid_heldout10b.jsonl")  # round four's sealed set, scored once
HELDOUT10C = CORPUS.with_name("deid_heldout10c.jsonl")  # round four's sealed set, scored once
HELDOUT10D = CORPUS.with_name("deid_heldout10d.jsonl")  # round four's sealed set, scored once

# Held-out classes, the goal each is held to (issue 10), and the kinds of label in each.
HELDOUT_GOALS = {"direct": 0.99, "name": 0.95, "place": 0.90, "age": 0.90}
HELDOUT_CLEAN_WARN_GOAL = 0.05  # and no clean row blocked

# The gate as it was when the held-out set was written (commit 1206dfc), scored once before any
# detector was changed: (caught, labels) per class and per direct kind; clean rows blocked/warned.
HELDOUT_FIRST_CONTACT = {
    "direct": (133, 162),
    "nhs_number": (18, 21),
    "hospital_number": (13, 18),
    "date_of_birth": (18, 18),
    "full_date": (17, 18),
    "postcode": (18, 18),
    "address": (0, 18),
    "phone": (18, 19),
    "email": (16, 16),
    "url": (15, 16),
    "name": (25, 61),
    "place": (26, 55),
    "age": (11, 20),
    "clean_block": (0, 308),
    "clean_warn": (2, 308),
}
# The second, smaller held-out set was written after the detectors were tuned on the first (commit
# f439a67) and scored once before any further change: how far the tuning carries. Not tuned on.
HELDOUT2_FIRST_CONTACT = {
    "direct": (29, 29),
    "nhs_number": (3, 3),
    "hospital_number": (4, 4),
    "date_of_birth": (3, 3),
    "full_date": (4, 4),
    "postcode": (3, 3),
    "address": (5, 5),
    "phone": (3, 3),
    "email": (2, 2),
    "url": (2, 2),
    "name": (15, 20),
    "place": (12, 15),
    "age": (5, 8),
    "clean_block": (0, 60),
    "clean_warn": (0, 60),
}
# The third held-out set (150 UK case-draft passages, another author) was written and committed
# (c8ea82d) before any detector was changed for it, then scored once at that commit: these figures.
# Never tuned on; the detectors were then improved on sets 1 and 2 only.
HELDOUT3_FIRST_CONTACT = {
    "direct": (35, 36),
    "nhs_number": (4, 4),
    "chi_number": (2, 2),
    "ni_number": (2, 2),
    "hospital_number": (3, 4),
    "date_of_birth": (4, 4),
    "full_date": (4, 4),
    "postcode": (3, 3),
    "address": (5, 5),
    "phone": (4, 4),
    "email": (2, 2),
    "url": (2, 2),
    "name": (28, 31),
    "place": (10, 23),
    "age": (6, 10),
    "clean_block": (0, 50),
    "clean_warn": (4, 50),
}


# The fourth held-out set (issue 19: 508 rows written blind by a helper who never read the
# detector, committed as 6a121ac) scored against the gate as it was before issue 19's changes
# (commit 33f4d17): the first-contact figure. It is issue 19's tuning set; set 5 is the sealed one.
# (102 of the 154 direct identifiers had some finding over them, 98 a BLOCK.)
HELDOUT4_FIRST_CONTACT = {
    "direct": (98, 154),
    "nhs_number": (8, 16),
    "chi_number": (7, 8),
    "hc_number": (7, 7),
    "ni_number": (6, 9),
    "hospital_number": (10, 14),
    "date_of_birth": (11, 14),
    "full_date": (13, 14),
    "postcode": (9, 12),
    "address": (6, 12),
    "phone": (9, 13),
    "email": (6, 8),
    "url": (6, 7),
    "handle": (0, 7),
    "plate": (0, 7),
    "passport": (0, 6),
    "name": (20, 128),
    "place": (58, 73),
    "age": (24, 35),
    "clean_block": (0, 126),
    "clean_warn": (16, 126),
}

# Set 5 was sealed in round one: its one score, at fd8c3a5 (the gate unchanged until 23bde3a).
HELDOUT5_FIRST_CONTACT = {
    "direct": (153, 160), "nhs_number": (17, 18), "chi_number": (8, 8), "hc_number": (8, 8),
    "ni_number": (10, 10), "hospital_number": (12, 13), "date_of_birth": (11, 11),
    "full_date": (13, 13), "postcode": (12, 12), "address": (11, 13), "phone": (15, 15),
    "email": (8, 8), "url": (8, 8), "handle": (8, 9), "plate": (7, 7), "passport": (5, 7),
    "name": (163, 186), "place": (75, 82), "age": (30, 34),
    "clean_block": (0, 143), "clean_warn": (12, 143),
}  # fmt: skip
# Sets 6a and 6b: scored with the gate at 23bde3a before any change for round two.
HELDOUT6A_FIRST_CONTACT: dict[str, tuple[int, int]] = {
    "direct": (92, 99), "nhs_number": (8, 8), "chi_number": (5, 5), "hc_number": (5, 5),
    "ni_number": (5, 5), "hospital_number": (9, 11), "date_of_birth": (8, 8), "full_date": (6, 7),
    "postcode": (10, 10), "address": (5, 7), "phone": (9, 9), "email": (5, 5), "url": (4, 4),
    "handle": (5, 5), "plate": (5, 5), "passport": (3, 5),
    "name": (148, 176), "place": (68, 74), "age": (17, 20),
    "clean_block": (0, 89), "clean_warn": (3, 89),
}  # fmt: skip
HELDOUT6B_FIRST_CONTACT: dict[str, tuple[int, int]] = {
    "direct": (87, 88), "nhs_number": (8, 8), "chi_number": (4, 4), "hc_number": (5, 5),
    "ni_number": (4, 4), "hospital_number": (7, 7), "date_of_birth": (6, 6), "full_date": (6, 6),
    "postcode": (9, 9), "address": (8, 8), "phone": (9, 9), "email": (4, 4), "url": (5, 5),
    "handle": (4, 4), "plate": (4, 4), "passport": (4, 5),
    "name": (119, 149), "place": (53, 65), "age": (18, 20),
    "clean_block": (0, 85), "clean_warn": (6, 85),
}  # fmt: skip
# Set 7 (7a-7d), round two's sealed final set: its one score, at 3608783 (then published).
HELDOUT7A_SCORED: dict[str, tuple[int, int]] = {
    "direct": (72, 75), "nhs_number": (5, 5), "chi_number": (4, 4), "hc_number": (4, 4),
    "ni_number": (5, 5), "hospital_number": (6, 8), "date_of_birth": (6, 6), "full_date": (5,
    5), "postcode": (5, 5), "address": (6, 6), "phone": (7, 7), "email": (4, 4), "url": (4, 4),
    "handle": (4, 4), "plate": (3, 4), "passport": (4, 4), "name": (115, 121), "place": (48,
    50), "age": (18, 18), "clean_block": (0, 87), "clean_warn": (6, 87),
}  # fmt: skip
HELDOUT7B_SCORED: dict[str, tuple[int, int]] = {
    "direct": (76, 79), "nhs_number": (7, 8), "chi_number": (5, 5), "hc_number": (4, 4),
    "ni_number": (4, 4), "hospital_number": (6, 7), "date_of_birth": (6, 6), "full_date": (5,
    5), "postcode": (6, 6), "address": (8, 8), "phone": (6, 6), "email": (4, 4), "url": (4, 4),
    "handle": (4, 4), "plate": (3, 4), "passport": (4, 4), "name": (131, 142), "place": (44,
    46), "age": (21, 21), "clean_block": (0, 82), "clean_warn": (7, 82),
}  # fmt: skip
HELDOUT7C_SCORED: dict[str, tuple[int, int]] = {
    "direct": (71, 74), "nhs_number": (6, 6), "chi_number": (4, 4), "hc_number": (4, 4),
    "ni_number": (4, 5), "hospital_number": (5, 5), "date_of_birth": (5, 5), "full_date": (5,
    5), "postcode": (6, 6), "address": (5, 5), "phone": (6, 6), "email": (5, 5), "url": (5, 5),
    "handle": (3, 5), "plate": (4, 4), "passport": (4, 4), "name": (145, 157), "place": (63,
    72), "age": (15, 18), "clean_block": (1, 96), "clean_warn": (14, 96),
}  # fmt: skip
HELDOUT7D_SCORED: dict[str, tuple[int, int]] = {
    "direct": (73, 77), "nhs_number": (5, 5), "chi_number": (4, 4), "hc_number": (4, 4),
    "ni_number": (5, 5), "hospital_number": (6, 7), "date_of_birth": (5, 5), "full_date": (6,
    6), "postcode": (6, 7), "address": (6, 6), "phone": (5, 5), "email": (4, 4), "url": (5, 5),
    "handle": (4, 5), "plate": (3, 4), "passport": (5, 5), "name": (113, 125), "place": (64,
    67), "age": (15, 18), "clean_block": (0, 99), "clean_warn": (12, 99),
}  # fmt: skip
# Set 8 (8a, 8b), round three's tuning set, written blind: first contact at a23162e.
HELDOUT8A_FIRST_CONTACT: dict[str, tuple[int, int]] = {
    "name": (134, 141), "direct": (117, 124), "nhs_number": (17, 17), "date_of_birth": (9, 10), "address": (13, 16), "place": (96, 108), "postcode": (11, 11), "hospital_number": (10, 12), "phone": (14, 14), "full_date": (9, 10), "ni_number": (4, 4), "email": (7, 7), "url": (5, 5), "plate": (4, 4), "handle": (5, 5), "passport": (4, 4), "hc_number": (2, 2), "chi_number": (3, 3), "age": (29, 32), "clean_block": (0, 154), "clean_warn": (46, 154),
}  # fmt: skip
HELDOUT8B_FIRST_CONTACT: dict[str, tuple[int, int]] = {
    "direct": (99, 105), "chi_number": (13, 13), "place": (100, 116), "name": (139, 149), "date_of_birth": (10, 11), "address": (12, 13), "postcode": (9, 9), "phone": (12, 12), "handle": (6, 6), "full_date": (7, 8), "email": (4, 4), "nhs_number": (4, 4), "hospital_number": (6, 8), "url": (4, 4), "plate": (3, 3), "passport": (4, 5), "ni_number": (4, 4), "hc_number": (1, 1), "age": (26, 29), "clean_block": (0, 146), "clean_warn": (27, 146),
}  # fmt: skip
# Set 9 (9a-9d), round three's sealed final set: its one score, at 6b19b5c (then published).
# The gate before round three (a23162e) on it, scored at the same time, for the round's gain:
#   9a: direct 100/113, name 121/128, place 107/113, age 21/28, clean_warn 39/163
#   9b: direct 91/101, name 129/143, place 96/102, age 28/32, clean_warn 24/127
#   9c: direct 101/109, name 127/138, place 73/79, age 22/27, clean_warn 33/145
#   9d: direct 94/103, name 119/144, place 106/117, age 27/30, clean_warn 34/146
HELDOUT9A_SCORED: dict[str, tuple[int, int]] = {
    "direct": (109, 113), "hc_number": (13, 13), "place": (106, 113), "nhs_number": (13, 13), "hospital_number": (11, 12), "date_of_birth": (9, 10), "chi_number": (4, 4), "name": (123, 128), "full_date": (7, 7), "address": (6, 8), "postcode": (7, 7), "phone": (10, 10), "email": (5, 5), "handle": (5, 5), "url": (4, 4), "plate": (4, 4), "passport": (5, 5), "ni_number": (6, 6), "age": (23, 28), "clean_block": (0, 163), "clean_warn": (20, 163),
}  # fmt: skip
HELDOUT9B_SCORED: dict[str, tuple[int, int]] = {
    "name": (129, 143), "direct": (95, 101), "nhs_number": (16, 17), "date_of_birth": (8, 8), "place": (97, 102), "phone": (7, 7), "address": (7, 10), "postcode": (8, 9), "full_date": (6, 7), "hospital_number": (11, 11), "email": (4, 4), "ni_number": (5, 5), "chi_number": (4, 4), "hc_number": (3, 3), "plate": (4, 4), "url": (5, 5), "handle": (4, 4), "passport": (3, 3), "age": (28, 32), "clean_block": (0, 127), "clean_warn": (14, 127),
}  # fmt: skip
HELDOUT9C_SCORED: dict[str, tuple[int, int]] = {
    "name": (130, 138), "direct": (104, 109), "nhs_number": (16, 17), "hospital_number": (11, 11), "place": (74, 79), "date_of_birth": (10, 12), "full_date": (5, 6), "address": (11, 11), "postcode": (9, 10), "phone": (10, 10), "email": (4, 4), "handle": (5, 5), "url": (6, 6), "plate": (5, 5), "passport": (4, 4), "ni_number": (5, 5), "chi_number": (1, 1), "hc_number": (2, 2), "age": (23, 27), "clean_block": (0, 145), "clean_warn": (20, 145),
}  # fmt: skip
HELDOUT9D_SCORED: dict[str, tuple[int, int]] = {
    "name": (122, 144), "direct": (97, 103), "nhs_number": (12, 12), "full_date": (10, 11), "date_of_birth": (10, 11), "place": (111, 117), "address": (10, 12), "postcode": (7, 8), "hospital_number": (11, 11), "phone": (8, 8), "email": (5, 5), "chi_number": (2, 2), "hc_number": (2, 2), "ni_number": (4, 4), "handle": (6, 6), "plate": (2, 3), "passport": (5, 5), "url": (3, 3), "age": (27, 30), "clean_block": (0, 146), "clean_warn": (24, 146),
}  # fmt: skip
# Set 10 (10a-10d), round four's sealed final set: its one score, at 0f26b6f (then published).
# The gate before round four (2d9983b) on it, scored the same evening, for the round's gain:
#   10a: direct 123/127, name 169/179, place 95/114, age 27/30, clean_warn 24/156
#   10b: direct 140/150, name 196/212, place 121/137, age 29/33, clean_warn 32/153
#   10c: direct 137/143, name 143/155, place 106/118, age 29/31, clean_warn 12/154
#   10d: direct 121/135, name 173/183, place 133/148, age 25/33, clean_warn 27/179
HELDOUT10A_SCORED: dict[str, tuple[int, int]] = {
    "name": (168, 179), "direct": (124, 127), "phone": (14, 14), "hospital_number": (15, 15), "nhs_number": (15, 16), "place": (95, 114), "date_of_birth": (12, 12), "full_date": (9, 9), "address": (9, 11), "postcode": (9, 9), "ni_number": (5, 5), "email": (8, 8), "handle": (6, 6), "plate": (5, 5), "passport": (6, 6), "chi_number": (3, 3), "hc_number": (2, 2), "url": (6, 6), "age": (28, 30), "clean_block": (0, 156), "clean_warn": (20, 156),
}  # fmt: skip
HELDOUT10B_SCORED: dict[str, tuple[int, int]] = {
    "name": (195, 212), "direct": (141, 150), "nhs_number": (22, 23), "place": (120, 137), "date_of_birth": (18, 18), "hospital_number": (11, 12), "address": (16, 22), "postcode": (12, 12), "phone": (16, 16), "ni_number": (5, 5), "handle": (4, 5), "full_date": (14, 14), "email": (7, 7), "passport": (4, 4), "plate": (4, 4), "chi_number": (2, 2), "hc_number": (2, 2), "url": (4, 4), "age": (31, 33), "clean_block": (0, 153), "clean_warn": (31, 153),
}  # fmt: skip
HELDOUT10C_SCORED: dict[str, tuple[int, int]] = {
    "name": (144, 155), "direct": (138, 143), "nhs_number": (11, 11), "date_of_birth": (17, 17), "place": (108, 118), "address": (13, 16), "postcode": (14, 14), "phone": (19, 19), "full_date": (15, 15), "hospital_number": (11, 11), "ni_number": (4, 5), "plate": (4, 5), "chi_number": (4, 4), "handle": (5, 5), "email": (7, 7), "passport": (6, 6), "url": (6, 6), "hc_number": (2, 2), "age": (29, 31), "clean_block": (0, 154), "clean_warn": (9, 154),
}  # fmt: skip
HELDOUT10D_SCORED: dict[str, tuple[int, int]] = {
    "name": (172, 183), "direct": (123, 135), "chi_number": (21, 21), "date_of_birth": (12, 13), "place": (134, 148), "nhs_number": (5, 5), "hc_number": (2, 2), "ni_number": (6, 6), "hospital_number": (10, 10), "full_date": (9, 9), "postcode": (10, 10), "address": (11, 19), "phone": (13, 13), "email": (5, 5), "url": (4, 4), "handle": (4, 5), "plate": (4, 6), "passport": (7, 7), "age": (26, 33), "clean_block": (0, 179), "clean_warn": (25, 179),
}  # fmt: skip
# Sets 6c and 6d were written later, under a stricter brief (no echo of the writers' hints).
HELDOUT6C_FIRST_CONTACT: dict[str, tuple[int, int]] = {
    "direct": (82, 85), "nhs_number": (8, 8), "chi_number": (4, 4), "hc_number": (5, 5),
    "ni_number": (5, 5), "hospital_number": (8, 8), "date_of_birth": (7, 7), "full_date": (5, 6),
    "postcode": (7, 7), "address": (6, 7), "phone": (7, 7), "email": (3, 4), "url": (4, 4),
    "handle": (4, 4), "plate": (5, 5), "passport": (4, 4),
    "name": (118, 154), "place": (32, 45), "age": (18, 23),
    "clean_block": (0, 120), "clean_warn": (18, 120),
}  # fmt: skip
HELDOUT6D_FIRST_CONTACT: dict[str, tuple[int, int]] = {
    "direct": (77, 85), "nhs_number": (8, 8), "chi_number": (6, 6), "hc_number": (4, 4),
    "ni_number": (5, 5), "hospital_number": (8, 9), "date_of_birth": (4, 6), "full_date": (5, 6),
    "postcode": (7, 7), "address": (4, 7), "phone": (7, 7), "email": (4, 4), "url": (4, 4),
    "handle": (4, 4), "plate": (4, 4), "passport": (3, 4),
    "name": (132, 165), "place": (67, 86), "age": (21, 22),
    "clean_block": (0, 83), "clean_warn": (9, 83),
}  # fmt: skip


@dataclass
class ClassStats:
    labels: int = 0
    caught: int = 0  # overlapped by a finding of the same class
    blocked: int = 0  # overlapped by any BLOCK finding
    findings: int = 0
    true_findings: int = 0

    @property
    def recall(self) -> float:
        """Recall as the goal defines it: any BLOCK for blocked classes, same class otherwise."""
        return (
            (self.blocked if self.is_block else self.caught) / self.labels if self.labels else 1.0
        )

    @property
    def strict_recall(self) -> float:
        return self.caught / self.labels if self.labels else 1.0

    @property
    def precision(self) -> float:
        return self.true_findings / self.findings if self.findings else 1.0

    is_block: bool = False


@dataclass
class Report:
    classes: dict[str, ClassStats] = field(default_factory=dict)
    clean: int = 0
    clean_block: int = 0
    clean_warn: int = 0
    clean_any: int = 0
    snippets: int = 0
    median_ms: float = 0.0
    p99_ms: float = 0.0
    cpu_ms: float = 0.0
    groups: dict[str, dict[str, int]] = field(default_factory=dict)
    misses: list[tuple[str, dict]] = field(default_factory=list)
    false_alarms: list[tuple[str, Finding]] = field(default_factory=list)


# Held-out groups were written after a tuning round and scored once before any further tuning;
# they were tuned on afterwards, so their current figures flatter them. Kept here for honesty.
FIRST_CONTACT = (
    "by group. First-contact scores of the held-out groups, before they were tuned on:",
    "  heldout  (after round 1): BLOCK-class recall 35/36, WARN-class recall 26/27, clean WARN 4/45",
    "  heldout2 (after round 2): BLOCK-class recall 4/4, WARN-class recall 20/21, clean WARN 11/40",
    "  (heldout2_clean is dense with capitalised titles, services and TV shows). Now:",
)

_GROUP_KEYS = (
    "snippets", "block_labels", "block_caught", "warn_labels", "warn_caught",
    "clean", "clean_block", "clean_warn",
)  # fmt: skip


def load(path: Path = CORPUS) -> list[dict]:
    """The corpus rows: {"text": str, "labels": [{"start", "end", "kind"}]}."""
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _overlaps(f: Finding, lab: dict) -> bool:
    return f.start < lab["end"] and lab["start"] < f.end


def evaluate(rows: list[dict]) -> Report:
    """Score ``scan`` against the labels in ``rows``."""
    rep = Report()
    for kind in KINDS:
        rep.classes[kind] = ClassStats(is_block=kind in BLOCK_KINDS)
    for row in rows:
        text, labels = row["text"], row["labels"]
        findings = scan(text)
        rep.snippets += 1
        g = rep.groups.setdefault(row.get("group", "all"), dict.fromkeys(_GROUP_KEYS, 0))
        g["snippets"] += 1
        for lab in labels:
            st = rep.classes.setdefault(
                lab["kind"], ClassStats(is_block=lab["kind"] in BLOCK_KINDS)
            )
            st.labels += 1
            same = any(f.kind == lab["kind"] and _overlaps(f, lab) for f in findings)
            blocked = any(f.severity is Severity.BLOCK and _overlaps(f, lab) for f in findings)
            st.caught += same
            st.blocked += blocked
            ok = blocked if st.is_block else same
            g["block_labels" if st.is_block else "warn_labels"] += 1
            g["block_caught" if st.is_block else "warn_caught"] += ok
            if not ok:
                rep.misses.append((text, lab))
        for f in findings:
            st = rep.classes[f.kind]
            st.findings += 1
            if any(lab["kind"] == f.kind and _overlaps(f, lab) for lab in labels):
                st.true_findings += 1
            elif not any(_overlaps(f, lab) for lab in labels):
                rep.false_alarms.append((text, f))
        if not labels:
            rep.clean += 1
            has_block = any(f.severity is Severity.BLOCK for f in findings)
            has_warn = any(f.severity is Severity.WARN for f in findings)
            rep.clean_block += has_block
            rep.clean_warn += has_warn
            rep.clean_any += has_block or has_warn
            g["clean"] += 1
            g["clean_block"] += has_block
            g["clean_warn"] += has_warn
    rep.median_ms, rep.p99_ms, rep.cpu_ms = time_scan(rows)
    return rep


def timing_text(rows: list[dict], size: int = 1500) -> str:
    """About ``size`` characters of corpus prose (clean and planted), for timing."""
    parts: list[str] = []
    total = 0
    for row in rows:
        parts.append(row["text"])
        total += len(row["text"]) + 1
        if total >= size:
            break
    return " ".join(parts)[:size]


def time_scan(rows: list[dict], repeats: int = 400) -> tuple[float, float, float]:
    """Median and 99th-percentile wall milliseconds to scan a 1,500-character text, and the
    median CPU milliseconds of this thread (what the scan costs when other work shares the CPU)."""
    texts = [timing_text(rows[i:]) for i in range(0, min(len(rows), 40), 4)]
    scan(texts[0])  # the word lists load on the first scan
    times, cpu = [], []
    for _ in range(max(1, repeats // len(texts))):
        for t in texts:
            c0, t0 = time.thread_time(), time.perf_counter()
            scan(t)
            times.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.thread_time() - c0) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.99 * (len(times) - 1))], statistics.median(cpu)


@dataclass
class HeldoutReport:
    caught: dict[str, int] = field(default_factory=dict)  # class or direct kind -> caught
    labels: dict[str, int] = field(default_factory=dict)
    clean: int = 0
    clean_block: int = 0
    clean_warn: int = 0
    median_ms: float = 0.0
    p99_ms: float = 0.0
    cpu_ms: float = 0.0
    misses: list[tuple[str, dict]] = field(default_factory=list)
    false_alarms: list[tuple[str, Finding]] = field(default_factory=list)

    def recall(self, key: str) -> float:
        return self.caught.get(key, 0) / self.labels[key] if self.labels.get(key) else 1.0


def evaluate_heldout(rows: list[dict]) -> HeldoutReport:
    """Score ``scan`` on the held-out rows by class, as the issue's goals define them."""
    rep = HeldoutReport()
    for row in rows:
        text, labels = row["text"], row["labels"]
        findings = scan(text)
        for lab in labels:
            over = [f for f in findings if _overlaps(f, lab)]
            if lab["class"] == "direct":
                ok = any(f.severity is Severity.BLOCK for f in over)
                keys = ("direct", lab["kind"])
            else:
                ok = bool(over)
                keys = (lab["class"],)
            for key in keys:
                rep.labels[key] = rep.labels.get(key, 0) + 1
                rep.caught[key] = rep.caught.get(key, 0) + ok
            if not ok:
                rep.misses.append((text, lab))
        if not labels:
            rep.clean += 1
            blocked = any(f.severity is Severity.BLOCK for f in findings)
            rep.clean_block += blocked
            rep.clean_warn += not blocked and bool(findings)
            rep.false_alarms.extend((text, f) for f in findings)
    rep.median_ms, rep.p99_ms, rep.cpu_ms = time_scan(rows)
    return rep


def render_heldout(
    rep: HeldoutReport, first: dict[str, tuple[int, int]] = HELDOUT_FIRST_CONTACT
) -> str:
    """Per class: the goal, first-contact recall and recall now."""
    out = [
        f"{sum(rep.labels[c] for c in HELDOUT_GOALS)} labels, {rep.clean} clean rows",
        "",
        f"{'class':<18}{'goal':>6}{'first contact':>20}{'now':>20}",
    ]

    def line(key: str, goal: str, indent: str = "") -> str:
        f_c, f_n = first.get(key, (0, 0))
        was = f"{f_c}/{f_n} = {f_c / f_n:.3f}" if f_n else "-"
        now = f"{rep.caught.get(key, 0)}/{rep.labels.get(key, 0)} = {rep.recall(key):.3f}"
        return f"{indent + key:<18}{goal:>6}{was:>20}{now:>20}"

    for cls, goal in HELDOUT_GOALS.items():
        out.append(line(cls, f">={goal:.2f}"))
        if cls == "direct":
            kinds = [k for k in first if k in rep.labels and k not in HELDOUT_GOALS]
            kinds += sorted(k for k in rep.labels if k not in HELDOUT_GOALS and k not in first)
            out.extend(line(k, "", "  ") for k in kinds)
    c = rep.clean or 1
    for key, n, goal in (
        ("clean_block", rep.clean_block, "=0"),
        ("clean_warn", rep.clean_warn, f"<={HELDOUT_CLEAN_WARN_GOAL:.2f}"),
    ):
        f_c, f_n = first.get(key, (0, 0))
        was = f"{f_c}/{f_n} = {f_c / f_n:.3f}" if f_n else "-"
        out.append(f"{key:<18}{goal:>6}{was:>20}{f'{n}/{rep.clean} = {n / c:.3f}':>20}")
    out.append("")
    out.append("direct: a BLOCK finding over the label; name, place, age: any finding over it")
    out.append(
        f"scan time, 1,500 characters: median {rep.median_ms:.2f} ms, p99 {rep.p99_ms:.2f} ms"
        f" (CPU median {rep.cpu_ms:.2f} ms)"
    )
    return "\n".join(out)


def render(rep: Report) -> str:
    """A plain-text table of the report."""
    out = [f"corpus: {rep.snippets} snippets, {rep.clean} clean", ""]
    out.append(
        f"{'class':<16}{'sev':<6}{'labels':>7}{'recall':>8}{'strict':>8}{'found':>7}{'precision':>10}"
    )
    for kind, st in rep.classes.items():
        sev = "BLOCK" if st.is_block else "WARN"
        if not st.labels and not st.findings:
            out.append(f"{kind:<16}{sev:<6}{0:>7}{'-':>8}{'-':>8}{0:>7}{'-':>10}  (not in corpus)")
            continue
        out.append(
            f"{kind:<16}{sev:<6}{st.labels:>7}{st.recall:>8.3f}{st.strict_recall:>8.3f}"
            f"{st.findings:>7}{st.precision:>10.3f}"
        )
    out.append("")
    out.append(
        "recall: blocked classes count any BLOCK finding over the label; strict = same class"
    )
    c = rep.clean or 1
    out.append(
        f"clean snippets with any BLOCK finding: {rep.clean_block}/{rep.clean} = {rep.clean_block / c:.3f}"
    )
    out.append(
        f"clean snippets with any WARN finding:  {rep.clean_warn}/{rep.clean} = {rep.clean_warn / c:.3f}"
    )
    out.append(
        f"clean snippets with any finding:       {rep.clean_any}/{rep.clean} = {rep.clean_any / c:.3f}"
    )
    out.append("")
    out.extend(FIRST_CONTACT)
    for name, g in sorted(rep.groups.items()):
        parts = [f"  {name:<16} {g['snippets']:>4} snippets"]
        if g["block_labels"]:
            parts.append(f"BLOCK-class recall {g['block_caught']}/{g['block_labels']}")
        if g["warn_labels"]:
            parts.append(f"WARN-class recall {g['warn_caught']}/{g['warn_labels']}")
        if g["clean"]:
            parts.append(
                f"clean with BLOCK {g['clean_block']}/{g['clean']}, with WARN {g['clean_warn']}/{g['clean']}"
            )
        out.append("; ".join(parts))
    out.append(
        f"scan time, 1,500 characters: median {rep.median_ms:.2f} ms, p99 {rep.p99_ms:.2f} ms"
        f" (CPU median {rep.cpu_ms:.2f} ms)"
    )
    return "\n".join(out)


_MEMORY_PROBE = """
import gc, json, sys, tracemalloc
sys.path.insert(0, sys.argv[1])
from benchmarks._rss import rss_mb
from bot.domain import deidentify
gc.collect()
at_rest = rss_mb()
tracemalloc.start()
deidentify.scan("Spoke to dave again; Mrs Okafor from Tobermory, Hebden Bridge, 943 476 5919.")
lists = tracemalloc.get_traced_memory()[0] / 2**20
tracemalloc.stop()
gc.collect()
print(json.dumps({"at_rest": at_rest, "after_load": rss_mb(), "lists": lists}))
"""


def memory() -> dict[str, float]:
    """Resident MB of a fresh process with the gate imported (at rest) and after its first scan
    has loaded every list, and the MB the loaded lists hold (tracemalloc)."""
    root = str(Path(__file__).resolve().parent.parent)
    out = subprocess.run(
        [sys.executable, "-c", _MEMORY_PROBE, root], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def _rows(path: Path) -> list[dict] | None:
    """A held-out set's rows: its .jsonl, else built from its .src; None when neither exists."""
    if path.exists():
        return load(path)
    src = path.with_suffix(".src")
    if not src.exists():
        return None
    spec = importlib.util.spec_from_file_location("make_heldout", src.with_name("make_heldout.py"))
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.build(src)


# Each held-out set: title, file, first-contact figures, sealed (scored only with --final).
SETS: tuple[tuple[str, Path, dict[str, tuple[int, int]], bool], ...] = (
    ("held-out set (written before the detectors were changed, then tuned on)", HELDOUT,
     HELDOUT_FIRST_CONTACT, False),
    ("second held-out set (written after the tuning, never tuned on)", HELDOUT2,
     HELDOUT2_FIRST_CONTACT, False),
    ("third held-out set (written before any change for it, never tuned on)", HELDOUT3,
     HELDOUT3_FIRST_CONTACT, False),
    ("fourth held-out set (issue 19's tuning set, written blind; first contact at 33f4d17)",
     HELDOUT4, HELDOUT4_FIRST_CONTACT, False),
    ("fifth held-out set (round one's sealed final set, scored once at fd8c3a5; now tuned on)",
     HELDOUT5, HELDOUT5_FIRST_CONTACT, False),
    ("sixth held-out set, part A (round two's tuning set, written blind; first contact at"
     " 23bde3a)", HELDOUT6A, HELDOUT6A_FIRST_CONTACT, False),
    ("sixth held-out set, part B (round two's tuning set, written blind; first contact at"
     " 23bde3a)", HELDOUT6B, HELDOUT6B_FIRST_CONTACT, False),
    ("sixth held-out set, part C (round two's tuning set, written blind under the stricter brief;"
     " first contact at 23bde3a)", HELDOUT6C, HELDOUT6C_FIRST_CONTACT, False),
    ("sixth held-out set, part D (round two's tuning set, written blind under the stricter brief;"
     " first contact at 23bde3a)", HELDOUT6D, HELDOUT6D_FIRST_CONTACT, False),
    ("seventh held-out set, part A (round two's sealed final set: written blind, scored once at 3608783)",
     HELDOUT7A, HELDOUT7A_SCORED, False),
    ("seventh held-out set, part B (round two's sealed final set: written blind, scored once at 3608783)",
     HELDOUT7B, HELDOUT7B_SCORED, False),
    ("seventh held-out set, part C (round two's sealed final set, written blind under the stricter brief, scored once at 3608783)",
     HELDOUT7C, HELDOUT7C_SCORED, False),
    ("seventh held-out set, part D (round two's sealed final set, written blind under the stricter brief, scored once at 3608783)",
     HELDOUT7D, HELDOUT7D_SCORED, False),
    ("eighth held-out set, part A (round three's tuning set, written blind; first contact at a23162e)",
     HELDOUT8A, HELDOUT8A_FIRST_CONTACT, False),
    ("eighth held-out set, part B (round three's tuning set, written blind; first contact at a23162e)",
     HELDOUT8B, HELDOUT8B_FIRST_CONTACT, False),
    ("ninth held-out set, part A (round three's sealed final set: written blind, scored once at 6b19b5c)",
     HELDOUT9A, HELDOUT9A_SCORED, False),
    ("ninth held-out set, part B (round three's sealed final set: written blind, scored once at 6b19b5c)",
     HELDOUT9B, HELDOUT9B_SCORED, False),
    ("ninth held-out set, part C (round three's sealed final set: written blind, scored once at 6b19b5c)",
     HELDOUT9C, HELDOUT9C_SCORED, False),
    ("ninth held-out set, part D (round three's sealed final set: written blind, scored once at 6b19b5c)",
     HELDOUT9D, HELDOUT9D_SCORED, False),
    ("tenth held-out set, part A (round four's sealed final set: written blind, scored once at 0f26b6f)",
     HELDOUT10A, HELDOUT10A_SCORED, False),
    ("tenth held-out set, part B (round four's sealed final set: written blind, scored once at 0f26b6f)",
     HELDOUT10B, HELDOUT10B_SCORED, False),
    ("tenth held-out set, part C (round four's sealed final set: written blind, scored once at 0f26b6f)",
     HELDOUT10C, HELDOUT10C_SCORED, False),
    ("tenth held-out set, part D (round four's sealed final set: written blind, scored once at 0f26b6f)",
     HELDOUT10D, HELDOUT10D_SCORED, False),
)  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show-misses", action="store_true")
    ap.add_argument("--show-false-alarms", action="store_true")
    ap.add_argument(
        "--final",
        action="store_true",
        help="also score sets marked sealed (once, at the end of a round)",
    )
    args = ap.parse_args(argv)
    results: list[tuple[str, Report | HeldoutReport | None, str]] = [
        ("== tuning corpus ==", (r := evaluate(load())), render(r))
    ]
    for title, path, first, sealed in SETS:
        if sealed and not args.final:
            results.append((f"== {path.stem}: sealed, left out (--final scores it) ==", None, ""))
            continue
        rows = _rows(path)
        if rows is None:
            results.append((f"== {path.stem}: absent, skipped ==", None, ""))
            continue
        h = evaluate_heldout(rows)
        results.append((f"== {title} ==", h, render_heldout(h, first)))
    for title, rep, text in results:
        print(title)
        if rep is None:
            print()
            continue
        print(text)
        if args.show_misses:
            print("\nmisses:")
            for t, lab in rep.misses:
                print(f"  [{lab['kind']}] {t[lab['start'] : lab['end']]!r} in {t!r}")
        if args.show_false_alarms:
            print("\nfalse alarms (findings overlapping no label):")
            for t, f in rep.false_alarms:
                print(f"  [{f.kind}] {f.span_text(t)!r} in {t!r}")
        print()
    mem = memory()
    print(
        f"memory: {mem['at_rest']:.1f} MB resident with the gate imported, "
        f"{mem['after_load']:.1f} MB after the first scan loads the lists "
        f"(+{mem['after_load'] - mem['at_rest']:.1f} MB; the lists hold {mem['lists']:.1f} MB)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
