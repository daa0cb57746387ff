"""Floors under the benchmark's figures (benchmarks/accuracy.py on benchmarks/gold/), so that a change
that loses accuracy fails here. Each floor is the measured figure minus 0.02, and never below the
issue's target where the target is reached. Raise them when the figures improve.

Measured (all 313 cases; samples with table cells excluded), see benchmarks/RESULTS.md.
"""

import pytest

from benchmarks.accuracy import load_cases, load_samples, predict_cases, predict_samples, score

# (label, value F1?) -> floor
CASE_FLOORS = {
    ("MONEY", True): 0.98,  # measured 1.000 (target 0.97)
    ("DATE", True): 0.98,  # measured 1.000 (target 0.95)
    ("DATE_RANGE", True): 0.98,  # measured 1.000 (target 0.97)
    ("DATE_RANGE", False): 0.98,  # span F1 measured 1.000
    ("ACRONYM", False): 0.98,  # measured 1.000 (target 0.95)
    ("ACRONYM", True): 0.98,  # expansion right, measured 1.000
    ("ORG", False): 0.974,  # measured 0.994 (target 0.90)
    ("ORG", True): 0.967,  # exact extent + acronym, measured 0.987
}
SAMPLE_FLOORS = {
    ("MONEY", True): 0.98,
    ("DATE", True): 0.98,
    ("DATE_RANGE", True): 0.98,
    ("ACRONYM", True): 0.98,
    ("ORG", False): 0.98,
    ("ORG", True): 0.947,
}


@pytest.fixture(scope="module")
def case_score():
    cases = load_cases()
    predict_cases(cases)
    return score(cases)


@pytest.fixture(scope="module")
def sample_score():
    samples = load_samples()
    predict_samples(samples)
    return score(samples)


@pytest.mark.parametrize("label, value", list(CASE_FLOORS), ids=lambda x: str(x))
def test_cases_floor(case_score, label, value):
    assert case_score.f1(label, value) >= CASE_FLOORS[(label, value)]


@pytest.mark.parametrize("label, value", list(SAMPLE_FLOORS), ids=lambda x: str(x))
def test_samples_floor(sample_score, label, value):
    assert sample_score.f1(label, value) >= SAMPLE_FLOORS[(label, value)]


def test_negatives_are_not_extracted(case_score):
    assert case_score.negatives_hit == []
