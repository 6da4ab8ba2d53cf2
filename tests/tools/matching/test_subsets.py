from hypothesis import given
from hypothesis import strategies as st

from tools.matching.subsets import find_subsets


def test_oldest_first_runs_come_first() -> None:
    assert find_subsets([100, 200, 300], 300)[0] == (0, 1)


def test_a_unique_combination_is_the_only_solution() -> None:
    assert find_subsets([1250, 9999, 475, 3000], 1725) == [(0, 2)]


def test_ambiguity_is_reported_as_several_solutions() -> None:
    assert len(find_subsets([500, 500, 700], 500)) == 2


def test_nothing_adds_up() -> None:
    assert find_subsets([100, 250, 400], 123) == []


def test_four_invoices_at_most() -> None:
    values = [101, 203, 307, 409, 503]
    assert find_subsets(values, sum(values), max_size=4) == [(0, 1, 2, 3, 4)]  # the oldest-first run
    assert find_subsets(values, sum(values) - 101, max_size=4) == [(1, 2, 3, 4)]
    assert find_subsets([*values[::-1], 7], 101 + 203 + 307 + 409 + 7, max_size=4) == []


@given(st.lists(st.integers(min_value=1, max_value=10_000), min_size=1, max_size=25), st.integers(1, 30_000))
def test_every_solution_sums_exactly_to_the_target(values: list[int], target: int) -> None:
    for solution in find_subsets(values, target):
        assert sum(values[index] for index in solution) == target
        assert len(set(solution)) == len(solution)
